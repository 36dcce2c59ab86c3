package io.lightcloud.image.api;

import io.lightcloud.common.api.Timestamps;
import io.lightcloud.image.core.Image;
import io.lightcloud.image.core.ImageMember;
import io.lightcloud.image.core.ImageMetadata;
import io.lightcloud.image.core.StoredData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Images and members as Glance shows them: free-form properties at the top level next to the base properties, and
 * links relative to the image endpoint ({@code /v2/images/{id}}), which clients resolve against the catalog URL.
 */
public final class ImageViews {
    private ImageViews() {
    }

    public static String href(String imageId) {
        return "/v2/images/" + imageId;
    }

    public static Map<String, Object> image(Image image) {
        ImageMetadata m = image.metadata();
        StoredData data = image.data();
        Map<String, Object> view = new LinkedHashMap<>(m.properties());
        view.put("name", m.name());
        view.put("disk_format", m.diskFormat() == null ? null : m.diskFormat().wireName());
        view.put("container_format", m.containerFormat() == null ? null : m.containerFormat().wireName());
        view.put("visibility", m.visibility().wireName());
        view.put("size", data == null ? null : data.size());
        view.put("virtual_size", data == null ? null : data.virtualSize());
        view.put("status", image.status().wireName());
        view.put("checksum", data == null ? null : data.checksum());
        view.put("protected", m.isProtected());
        view.put("min_ram", m.minRam());
        view.put("min_disk", m.minDisk());
        view.put("owner", m.owner());
        view.put("os_hidden", m.hidden());
        view.put("os_hash_algo", data == null ? null : data.hashAlgo());
        view.put("os_hash_value", data == null ? null : data.hashValue());
        view.put("id", image.id());
        view.put("created_at", Timestamps.seconds(image.createdAt()));
        view.put("updated_at", Timestamps.seconds(image.updatedAt()));
        view.put("tags", m.tags());
        view.put("self", href(image.id()));
        view.put("file", href(image.id()) + "/file");
        view.put("schema", "/v2/schemas/image");
        return view;
    }

    public static Map<String, Object> member(ImageMember member) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("created_at", Timestamps.seconds(member.createdAt()));
        view.put("image_id", member.imageId());
        view.put("member_id", member.memberId());
        view.put("schema", "/v2/schemas/member");
        view.put("status", member.status().wireName());
        view.put("updated_at", Timestamps.seconds(member.updatedAt()));
        return view;
    }
}
