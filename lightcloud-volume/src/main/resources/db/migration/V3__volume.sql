-- Volume: the Cinder v3 data model. Portable SQL for H2 (PostgreSQL mode) and PostgreSQL.

CREATE TABLE volume_type (
    id          VARCHAR(36)   PRIMARY KEY,
    name        VARCHAR(255)  NOT NULL,
    description VARCHAR(255),
    is_public   BOOLEAN       NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT volume_type_name_uq UNIQUE (name)
);

CREATE TABLE volume_type_extra_spec (
    type_id    VARCHAR(36)  NOT NULL REFERENCES volume_type (id) ON DELETE CASCADE,
    spec_key   VARCHAR(255) NOT NULL,
    spec_value VARCHAR(255) NOT NULL,
    PRIMARY KEY (type_id, spec_key)
);

-- Cinder's built-in type; without volume_backend_name it lands on the default backend.
INSERT INTO volume_type (id, name, description, is_public, created_at)
VALUES ('7a7b6d0c-5e0f-4b43-9c4e-2d8f1b3a6c01', '__DEFAULT__', 'Default Volume Type', TRUE, CURRENT_TIMESTAMP);

-- holds_quota says whether the row's size and count are still counted in volume_quota_usage: a failed create
-- releases its quota at once, so deleting the errored volume later must not release it twice.
-- task_host names the controller running the row's background work, so a restarted controller can fail only
-- the work it owned.
CREATE TABLE volume_volume (
    id                VARCHAR(36)   PRIMARY KEY,
    project_id        VARCHAR(64)   NOT NULL,
    user_id           VARCHAR(64)   NOT NULL,
    name              VARCHAR(255),
    description       VARCHAR(255),
    size_gb           BIGINT        NOT NULL,
    status            VARCHAR(32)   NOT NULL,
    type_id           VARCHAR(36)   NOT NULL REFERENCES volume_type (id),
    backend           VARCHAR(255)  NOT NULL,
    availability_zone VARCHAR(255)  NOT NULL,
    bootable          BOOLEAN       NOT NULL,
    snapshot_id       VARCHAR(36),
    source_volid      VARCHAR(36),
    image_metadata    VARCHAR(65535),
    holds_quota       BOOLEAN       NOT NULL,
    task_host         VARCHAR(255),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE
);
CREATE INDEX volume_volume_project_idx ON volume_volume (project_id);

CREATE TABLE volume_volume_metadata (
    volume_id  VARCHAR(36)  NOT NULL REFERENCES volume_volume (id) ON DELETE CASCADE,
    meta_key   VARCHAR(255) NOT NULL,
    meta_value VARCHAR(255) NOT NULL,
    PRIMARY KEY (volume_id, meta_key)
);

-- The foreign key to the volume is what finally refuses deleting a volume that still has snapshots, even when a
-- snapshot is created concurrently with the delete.
CREATE TABLE volume_snapshot (
    id          VARCHAR(36)   PRIMARY KEY,
    project_id  VARCHAR(64)   NOT NULL,
    user_id     VARCHAR(64)   NOT NULL,
    volume_id   VARCHAR(36)   NOT NULL REFERENCES volume_volume (id),
    name        VARCHAR(255),
    description VARCHAR(255),
    size_gb     BIGINT        NOT NULL,
    status      VARCHAR(32)   NOT NULL,
    type_id     VARCHAR(36)   NOT NULL REFERENCES volume_type (id),
    backend     VARCHAR(255)  NOT NULL,
    holds_quota BOOLEAN       NOT NULL,
    task_host   VARCHAR(255),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX volume_snapshot_volume_idx ON volume_snapshot (volume_id);
CREATE INDEX volume_snapshot_project_idx ON volume_snapshot (project_id);

CREATE TABLE volume_snapshot_metadata (
    snapshot_id VARCHAR(36)  NOT NULL REFERENCES volume_snapshot (id) ON DELETE CASCADE,
    meta_key    VARCHAR(255) NOT NULL,
    meta_value  VARCHAR(255) NOT NULL,
    PRIMARY KEY (snapshot_id, meta_key)
);

-- attach_status: reserved, attaching, attached.
CREATE TABLE volume_attachment (
    id            VARCHAR(36)   PRIMARY KEY,
    volume_id     VARCHAR(36)   NOT NULL REFERENCES volume_volume (id) ON DELETE CASCADE,
    project_id    VARCHAR(64)   NOT NULL,
    instance_uuid VARCHAR(64),
    attached_host VARCHAR(255),
    mountpoint    VARCHAR(255),
    attach_mode   VARCHAR(8)    NOT NULL,
    attach_status VARCHAR(32)   NOT NULL,
    connector     VARCHAR(65535),
    attach_time   TIMESTAMP WITH TIME ZONE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX volume_attachment_volume_idx ON volume_attachment (volume_id);

-- Quota limits set by an administrator; anything absent falls back to the configured defaults. type_id is the
-- empty string for project-wide resources and a volume type id for the per-type ones (volumes_<type>, ...).
CREATE TABLE volume_quota_limit (
    project_id  VARCHAR(64) NOT NULL,
    resource    VARCHAR(64) NOT NULL,
    type_id     VARCHAR(36) NOT NULL,
    hard_limit  BIGINT      NOT NULL,
    PRIMARY KEY (project_id, resource, type_id)
);

-- What each project uses. Reservations are a conditional UPDATE of these rows (in_use + delta <= limit) in the
-- transaction that creates the volume or snapshot row, so concurrent creates can never overshoot a limit.
CREATE TABLE volume_quota_usage (
    project_id  VARCHAR(64) NOT NULL,
    resource    VARCHAR(64) NOT NULL,
    type_id     VARCHAR(36) NOT NULL,
    in_use      BIGINT      NOT NULL,
    PRIMARY KEY (project_id, resource, type_id)
);
