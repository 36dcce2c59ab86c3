package io.lightcloud.monitoring.channel;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** A project's notification channel; {@code config} holds the type's settings (secrets included). */
public record Channel(String id, String projectId, String name, Type type, Language language, JsonNode config,
        Instant createdAt, Instant updatedAt) {
    public Channel {
        requireNonNull(id, "id is null");
        requireNonNull(projectId, "projectId is null");
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(language, "language is null");
        requireNonNull(config, "config is null");
    }

    public enum Type {
        DINGTALK, WECOM, EMAIL, WEBHOOK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Language {
        ZH_CN("zh-CN"), EN("en");

        private final String tag;

        Language(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }

        public static Language parse(String tag) {
            for (Language language : values()) {
                if (language.tag.equalsIgnoreCase(tag)) {
                    return language;
                }
            }
            throw new IllegalArgumentException("unknown language " + tag);
        }
    }
}
