-- Identity: the services, endpoints and regions admins register in the catalog (such as the PaaS tools beside
-- Lightcloud). Lightcloud's own entries are derived from the services it runs and are not stored.

CREATE TABLE identity_region (
    id               VARCHAR(255)  PRIMARY KEY,
    description      VARCHAR(255)  NOT NULL,
    parent_region_id VARCHAR(255),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE identity_service (
    id          VARCHAR(64)   PRIMARY KEY,
    type        VARCHAR(255)  NOT NULL,
    name        VARCHAR(255),
    description VARCHAR(1024),
    enabled     BOOLEAN       NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE identity_endpoint (
    id         VARCHAR(64)   PRIMARY KEY,
    service_id VARCHAR(64)   NOT NULL REFERENCES identity_service (id) ON DELETE CASCADE,
    interface  VARCHAR(16)   NOT NULL,
    region_id  VARCHAR(255),
    url        VARCHAR(2048) NOT NULL,
    enabled    BOOLEAN       NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX identity_endpoint_service_ix ON identity_endpoint (service_id);
