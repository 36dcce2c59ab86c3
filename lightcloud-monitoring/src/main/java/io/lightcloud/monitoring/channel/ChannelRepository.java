package io.lightcloud.monitoring.channel;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.ObjectMapper;

/** Channels in {@code monitoring_channel}. */
public class ChannelRepository {
    private static final String COLUMNS = "id, project_id, name, type, language, config, created_at, updated_at";

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    public ChannelRepository(JdbcClient jdbc, ObjectMapper mapper) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.mapper = requireNonNull(mapper, "mapper is null");
    }

    public void insert(Channel channel) {
        jdbc.sql("INSERT INTO monitoring_channel (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(channel.id(), channel.projectId(), channel.name(), channel.type().wire(),
                        channel.language().tag(), mapper.writeValueAsString(channel.config()),
                        Timestamp.from(channel.createdAt()), Timestamp.from(channel.updatedAt()))
                .update();
    }

    public void update(Channel channel) {
        jdbc.sql("UPDATE monitoring_channel SET name = ?, language = ?, config = ?, updated_at = ? WHERE id = ?")
                .params(channel.name(), channel.language().tag(), mapper.writeValueAsString(channel.config()),
                        Timestamp.from(channel.updatedAt()), channel.id())
                .update();
    }

    public void delete(String id) {
        jdbc.sql("DELETE FROM monitoring_channel WHERE id = ?").param(id).update();
    }

    public Optional<Channel> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM monitoring_channel WHERE id = ?").param(id).query(this::map)
                .optional();
    }

    public List<Channel> ofProject(String projectId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM monitoring_channel WHERE project_id = ? ORDER BY created_at, id")
                .param(projectId).query(this::map).list();
    }

    private Channel map(ResultSet rs, int row) throws SQLException {
        return new Channel(rs.getString("id"), rs.getString("project_id"), rs.getString("name"),
                Channel.Type.valueOf(rs.getString("type").toUpperCase(Locale.ROOT)),
                Channel.Language.parse(rs.getString("language")), mapper.readTree(rs.getString("config")),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
