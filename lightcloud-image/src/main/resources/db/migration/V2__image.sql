-- Images: the Glance v2 data model. Portable SQL for H2 (PostgreSQL mode) and PostgreSQL.

-- tags holds a JSON array (ordered, so JSON-patch indexes stay meaningful) and properties a JSON object of strings.
-- upload_node names the controller that moved the image to 'saving', so that a restarted controller kills only
-- its own interrupted uploads; updated_at doubles as the upload's heartbeat.
CREATE TABLE image_image (
    id               VARCHAR(36)   PRIMARY KEY,
    name             VARCHAR(255),
    owner            VARCHAR(255),
    status           VARCHAR(16)   NOT NULL,
    visibility       VARCHAR(16)   NOT NULL,
    protected        BOOLEAN       NOT NULL,
    os_hidden        BOOLEAN       NOT NULL,
    disk_format      VARCHAR(16),
    container_format VARCHAR(16),
    size             BIGINT,
    virtual_size     BIGINT,
    checksum         VARCHAR(32),
    os_hash_algo     VARCHAR(64),
    os_hash_value    VARCHAR(128),
    min_disk         INTEGER       NOT NULL,
    min_ram          INTEGER       NOT NULL,
    tags             VARCHAR(40000) NOT NULL,
    properties       VARCHAR(1048576) NOT NULL,
    status_reason    VARCHAR(1024),
    upload_node      VARCHAR(64),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT image_image_status_ck CHECK (status IN ('queued', 'saving', 'active', 'killed', 'deactivated')),
    CONSTRAINT image_image_visibility_ck CHECK (visibility IN ('public', 'private', 'shared', 'community'))
);

CREATE INDEX image_image_owner_ix ON image_image (owner);
CREATE INDEX image_image_status_ix ON image_image (status);

CREATE TABLE image_member (
    image_id   VARCHAR(36)  NOT NULL REFERENCES image_image (id) ON DELETE CASCADE,
    member_id  VARCHAR(255) NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (image_id, member_id),
    CONSTRAINT image_member_status_ck CHECK (status IN ('pending', 'accepted', 'rejected'))
);

CREATE INDEX image_member_member_ix ON image_member (member_id);
