-- Cinder's volume transfers: a project offers an available volume; whoever presents the transfer's id and its
-- one-time key takes the volume (and its snapshots) into their own project. Only a salted hash of the key is kept.
CREATE TABLE volume_transfer (
    id                VARCHAR(36)  PRIMARY KEY,
    volume_id         VARCHAR(36)  NOT NULL UNIQUE REFERENCES volume_volume (id) ON DELETE CASCADE,
    source_project_id VARCHAR(64)  NOT NULL,
    name              VARCHAR(255),
    no_snapshots      BOOLEAN      NOT NULL,
    salt              VARCHAR(32)  NOT NULL,
    key_hash          VARCHAR(64)  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX volume_transfer_project_idx ON volume_transfer (source_project_id);
