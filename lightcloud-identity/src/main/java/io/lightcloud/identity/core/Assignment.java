package io.lightcloud.identity.core;

import static java.util.Objects.requireNonNull;

/**
 * A role granted to a user or group on a project or domain. An inherited assignment on a domain or project applies
 * to every project below it instead of to the target itself (Keystone's OS-INHERIT).
 */
public record Assignment(ActorType actorType, String actorId, TargetType targetType, String targetId, String roleId,
        boolean inherited) {
    public enum ActorType {
        USER("user"), GROUP("group");

        private final String column;

        ActorType(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }

        static ActorType ofColumn(String value) {
            return value.equals("user") ? USER : GROUP;
        }
    }

    public enum TargetType {
        PROJECT("project"), DOMAIN("domain");

        private final String column;

        TargetType(String column) {
            this.column = column;
        }

        public String column() {
            return column;
        }

        static TargetType ofColumn(String value) {
            return value.equals("project") ? PROJECT : DOMAIN;
        }
    }

    public Assignment {
        requireNonNull(actorType, "actorType is null");
        requireNonNull(actorId, "actorId is null");
        requireNonNull(targetType, "targetType is null");
        requireNonNull(targetId, "targetId is null");
        requireNonNull(roleId, "roleId is null");
    }

    public Assignment withActor(ActorType type, String id) {
        return new Assignment(type, id, targetType, targetId, roleId, inherited);
    }

    public Assignment withTarget(TargetType type, String id, boolean inherited) {
        return new Assignment(actorType, actorId, type, id, roleId, inherited);
    }

    public Assignment withRole(String id) {
        return new Assignment(actorType, actorId, targetType, targetId, id, inherited);
    }
}
