package io.lightcloud.image.metadata;

import static java.util.Objects.requireNonNull;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.image.api.ImageSchemas;
import io.lightcloud.image.core.ContainerFormat;
import io.lightcloud.image.core.DiskFormat;
import io.lightcloud.image.core.ImageMetadata;
import io.lightcloud.image.core.Visibility;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Glance's rules for the properties a client may write, shared by create and JSON-patch updates: which names are
 * read-only or reserved, the schema each value must match, and the per-image limits on tags and properties.
 */
@Component
public class MetadataRules {
    static final int MAX_PROPERTIES = 128;
    static final int MAX_TAGS = 128;
    private static final Set<String> READ_ONLY = Set.of("created_at", "updated_at", "status", "checksum", "size",
            "virtual_size", "direct_url", "self", "file", "schema", "id", "os_hash_algo", "os_hash_value", "stores");
    private static final Set<String> RESERVED = Set.of("location", "locations", "deleted", "deleted_at");
    private static final String RESERVED_NAMESPACE = "os_glance";
    private static final Set<String> BASE = Set.of("name", "visibility", "protected", "os_hidden", "owner",
            "container_format", "disk_format", "min_ram", "min_disk", "tags");
    private static final Set<String> NULLABLE_PROPERTIES = Set.of("kernel_id", "ramdisk_id");

    private final ImageSchemas schemas;

    public MetadataRules(ImageSchemas schemas) {
        this.schemas = requireNonNull(schemas, "schemas is null");
    }

    /** Base properties are columns of the image; they can be replaced but never removed. */
    public boolean isBase(String name) {
        return BASE.contains(name);
    }

    /** @throws ApiException 403 for read-only and reserved names, 400 for an over-long property name */
    public void checkWritable(String name) {
        if (READ_ONLY.contains(name)) {
            throw ApiException.forbidden("Attribute '" + name + "' is read-only.");
        }
        if (RESERVED.contains(name) || name.startsWith(RESERVED_NAMESPACE)) {
            throw ApiException.forbidden("Attribute '" + name + "' is reserved.");
        }
        if (name.isEmpty() || name.length() > 255) {
            throw ApiException.badRequest("Custom property names must be 1 to 255 characters long.");
        }
    }

    /** Validates {@code value} against the schema and assigns it to the property {@code name}. */
    public void set(ImageMetadata.Builder image, String name, JsonNode value) {
        checkWritable(name);
        schemas.validate(name, value);
        switch (name) {
            case "name" -> image.name(value.isNull() ? null : value.stringValue());
            case "visibility" -> image.visibility(Visibility.fromWire(value.stringValue()));
            case "protected" -> image.isProtected(value.booleanValue());
            case "os_hidden" -> image.hidden(value.booleanValue());
            case "owner" -> image.owner(value.isNull() ? null : value.stringValue());
            case "container_format" -> image.containerFormat(value.isNull() ? null
                    : ContainerFormat.fromWire(value.stringValue()).orElseThrow());
            case "disk_format" -> image.diskFormat(value.isNull() ? null
                    : DiskFormat.fromWire(value.stringValue()).orElseThrow());
            case "min_ram" -> image.minRam(nonNegative(name, value));
            case "min_disk" -> image.minDisk(nonNegative(name, value));
            case "tags" -> {
                image.tags().clear();
                value.forEach(tag -> image.tags().add(tag(tag.stringValue())));
            }
            default -> setProperty(image, name, value);
        }
    }

    /** A tag as Glance accepts it in {@code PUT /tags/{tag}} and in the tags list. */
    public String tag(String tag) {
        if (tag.isEmpty() || tag.length() > 255) {
            throw ApiException.badRequest("Tags must be 1 to 255 characters long.");
        }
        return tag;
    }

    /** @throws ApiException 413 when an image would carry more tags or properties than allowed */
    public void checkLimits(ImageMetadata.Builder image) {
        long tags = image.tags().stream().distinct().count();
        if (tags > MAX_TAGS) {
            throw ApiException.payloadTooLarge("The limit has been exceeded on the number of allowed image tags. "
                    + "Attempted: " + tags + ", Maximum: " + MAX_TAGS);
        }
        if (image.properties().size() > MAX_PROPERTIES) {
            throw ApiException.payloadTooLarge("The limit has been exceeded on the number of allowed image properties. "
                    + "Attempted: " + image.properties().size() + ", Maximum: " + MAX_PROPERTIES);
        }
    }

    private void setProperty(ImageMetadata.Builder image, String name, JsonNode value) {
        if (value.isNull() && NULLABLE_PROPERTIES.contains(name)) {
            image.properties().remove(name);
            return;
        }
        if (value.stringValue().length() > 65535) {
            throw ApiException.badRequest("Invalid value for '" + name + "': it is longer than 65535 characters.");
        }
        image.properties().put(name, value.stringValue());
    }

    private static int nonNegative(String name, JsonNode value) {
        if (!value.canConvertToInt()) {
            throw ApiException.badRequest("Invalid value '" + value + "' for parameter '" + name
                    + "': it must be at most " + Integer.MAX_VALUE + ".");
        }
        if (value.intValue() < 0) {
            throw ApiException.badRequest("Invalid value '" + value + "' for parameter '" + name
                    + "': Cannot be a negative value.");
        }
        return value.intValue();
    }
}
