package io.lightcloud.network.tag;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tags of any network resource, by the resource's id (ids are UUIDs, so they never clash across kinds). */
@Repository
public class TagRepository {
    private final JdbcClient jdbc;

    public TagRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    public List<String> tags(String resourceId) {
        return jdbc.sql("SELECT tag FROM net_tag WHERE resource_id = ? ORDER BY tag").param(resourceId)
                .query(String.class).list();
    }

    public Map<String, List<String>> tags(Collection<String> resourceIds) {
        Map<String, List<String>> tags = new HashMap<>();
        List<String> ids = List.copyOf(resourceIds);
        for (int i = 0; i < ids.size(); i += 500) {
            jdbc.sql("SELECT resource_id, tag FROM net_tag WHERE resource_id IN (:ids) ORDER BY tag")
                    .param("ids", ids.subList(i, Math.min(ids.size(), i + 500)))
                    .query(rs -> {
                        tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    });
        }
        return tags;
    }

    public void add(String resourceId, String tag) {
        jdbc.sql("INSERT INTO net_tag (resource_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING").params(resourceId, tag)
                .update();
    }

    public boolean remove(String resourceId, String tag) {
        return jdbc.sql("DELETE FROM net_tag WHERE resource_id = ? AND tag = ?").params(resourceId, tag).update() == 1;
    }

    public void removeAll(String resourceId) {
        jdbc.sql("DELETE FROM net_tag WHERE resource_id = ?").param(resourceId).update();
    }
}
