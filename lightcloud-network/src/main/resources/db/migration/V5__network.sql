-- Network: the Neutron v2.0 data model. Portable SQL for H2 (PostgreSQL mode) and PostgreSQL.
-- List-valued attributes that are only ever read and written whole (DNS servers, host routes, allocation pools,
-- allowed address pairs, extra routes) are JSON text.

-- The unique (network_type, segmentation_id) pair is what makes concurrent VNI allocation safe.
CREATE TABLE net_network (
    id                    VARCHAR(36)   PRIMARY KEY,
    project_id            VARCHAR(64)   NOT NULL,
    name                  VARCHAR(255)  NOT NULL,
    description           VARCHAR(255)  NOT NULL,
    admin_state_up        BOOLEAN       NOT NULL,
    shared                BOOLEAN       NOT NULL,
    router_external       BOOLEAN       NOT NULL,
    network_type          VARCHAR(16)   NOT NULL,
    physical_network      VARCHAR(64),
    segmentation_id       INTEGER,
    mtu                   INTEGER       NOT NULL,
    port_security_enabled BOOLEAN       NOT NULL,
    dhcp_host_id          VARCHAR(64),
    revision_number       BIGINT        NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT net_network_segment_uq UNIQUE (network_type, segmentation_id)
);
CREATE INDEX net_network_project_idx ON net_network (project_id);

CREATE TABLE net_subnet (
    id               VARCHAR(36)   PRIMARY KEY,
    network_id       VARCHAR(36)   NOT NULL REFERENCES net_network (id),
    project_id       VARCHAR(64)   NOT NULL,
    name             VARCHAR(255)  NOT NULL,
    description      VARCHAR(255)  NOT NULL,
    ip_version       INTEGER       NOT NULL,
    cidr             VARCHAR(64)   NOT NULL,
    gateway_ip       VARCHAR(64),
    enable_dhcp      BOOLEAN       NOT NULL,
    allocation_pools VARCHAR(65535) NOT NULL,
    dns_nameservers  VARCHAR(65535) NOT NULL,
    host_routes      VARCHAR(65535) NOT NULL,
    revision_number  BIGINT        NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX net_subnet_network_idx ON net_subnet (network_id);

-- created_for_server: compute created the port for a server (deleted with it) rather than claiming a user's port.
-- attached_at orders a server's ports as they were attached.
CREATE TABLE net_port (
    id                    VARCHAR(36)   PRIMARY KEY,
    network_id            VARCHAR(36)   NOT NULL REFERENCES net_network (id),
    project_id            VARCHAR(64)   NOT NULL,
    name                  VARCHAR(255)  NOT NULL,
    description           VARCHAR(255)  NOT NULL,
    mac_address           VARCHAR(17)   NOT NULL,
    admin_state_up        BOOLEAN       NOT NULL,
    device_id             VARCHAR(255)  NOT NULL,
    device_owner          VARCHAR(255)  NOT NULL,
    port_security_enabled BOOLEAN       NOT NULL,
    binding_host_id       VARCHAR(255)  NOT NULL,
    status                VARCHAR(16)   NOT NULL,
    allowed_address_pairs VARCHAR(65535) NOT NULL,
    created_for_server    BOOLEAN       NOT NULL,
    server_tag            VARCHAR(255),
    attached_at           TIMESTAMP WITH TIME ZONE,
    revision_number       BIGINT        NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT net_port_mac_uq UNIQUE (mac_address)
);
CREATE INDEX net_port_network_idx ON net_port (network_id);
CREATE INDEX net_port_device_idx ON net_port (device_id);

-- One row per address in use, fixed (port_id) or floating (floatingip_id): the primary key is what guarantees that
-- no address is handed out twice, whatever the concurrency.
CREATE TABLE net_ip_allocation (
    network_id    VARCHAR(36)  NOT NULL REFERENCES net_network (id),
    ip_address    VARCHAR(64)  NOT NULL,
    subnet_id     VARCHAR(36)  NOT NULL REFERENCES net_subnet (id),
    port_id       VARCHAR(36)  REFERENCES net_port (id) ON DELETE CASCADE,
    floatingip_id VARCHAR(36),
    PRIMARY KEY (network_id, ip_address)
);
CREATE INDEX net_ip_allocation_port_idx ON net_ip_allocation (port_id);
CREATE INDEX net_ip_allocation_subnet_idx ON net_ip_allocation (subnet_id);

-- default_for holds the project id for the project's default group only, so each project has at most one.
CREATE TABLE net_security_group (
    id              VARCHAR(36)   PRIMARY KEY,
    project_id      VARCHAR(64)   NOT NULL,
    name            VARCHAR(255)  NOT NULL,
    description     VARCHAR(255)  NOT NULL,
    stateful        BOOLEAN       NOT NULL,
    default_for     VARCHAR(64),
    revision_number BIGINT        NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT net_security_group_default_uq UNIQUE (default_for)
);
CREATE INDEX net_security_group_project_idx ON net_security_group (project_id);

-- signature is the rule's matching attributes in one string, so that the database refuses a duplicate rule.
CREATE TABLE net_security_group_rule (
    id                VARCHAR(36)   PRIMARY KEY,
    security_group_id VARCHAR(36)   NOT NULL REFERENCES net_security_group (id) ON DELETE CASCADE,
    project_id        VARCHAR(64)   NOT NULL,
    direction         VARCHAR(8)    NOT NULL,
    ethertype         VARCHAR(8)    NOT NULL,
    protocol          VARCHAR(32),
    port_range_min    INTEGER,
    port_range_max    INTEGER,
    remote_ip_prefix  VARCHAR(64),
    remote_group_id   VARCHAR(36)   REFERENCES net_security_group (id),
    description       VARCHAR(255)  NOT NULL,
    signature         VARCHAR(512)  NOT NULL,
    revision_number   BIGINT        NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT net_security_group_rule_uq UNIQUE (security_group_id, signature)
);
CREATE INDEX net_security_group_rule_remote_idx ON net_security_group_rule (remote_group_id);

CREATE TABLE net_port_security_group (
    port_id           VARCHAR(36) NOT NULL REFERENCES net_port (id) ON DELETE CASCADE,
    security_group_id VARCHAR(36) NOT NULL REFERENCES net_security_group (id),
    PRIMARY KEY (port_id, security_group_id)
);
CREATE INDEX net_port_security_group_group_idx ON net_port_security_group (security_group_id);

-- host_id is where the router is placed (its namespace lives on that host's agent).
CREATE TABLE net_router (
    id                 VARCHAR(36)   PRIMARY KEY,
    project_id         VARCHAR(64)   NOT NULL,
    name               VARCHAR(255)  NOT NULL,
    description        VARCHAR(255)  NOT NULL,
    admin_state_up     BOOLEAN       NOT NULL,
    gateway_network_id VARCHAR(36)   REFERENCES net_network (id),
    gateway_port_id    VARCHAR(36),
    enable_snat        BOOLEAN       NOT NULL,
    routes             VARCHAR(65535) NOT NULL,
    host_id            VARCHAR(64),
    revision_number    BIGINT        NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX net_router_project_idx ON net_router (project_id);

CREATE TABLE net_floatingip (
    id                  VARCHAR(36)   PRIMARY KEY,
    project_id          VARCHAR(64)   NOT NULL,
    description         VARCHAR(255)  NOT NULL,
    floating_network_id VARCHAR(36)   NOT NULL REFERENCES net_network (id),
    floating_ip_address VARCHAR(64)   NOT NULL,
    port_id             VARCHAR(36)   REFERENCES net_port (id),
    fixed_ip_address    VARCHAR(64),
    router_id           VARCHAR(36)   REFERENCES net_router (id),
    revision_number     BIGINT        NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX net_floatingip_port_idx ON net_floatingip (port_id);

CREATE TABLE net_tag (
    resource_id VARCHAR(36)  NOT NULL,
    tag         VARCHAR(255) NOT NULL,
    PRIMARY KEY (resource_id, tag)
);

CREATE TABLE net_quota_limit (
    project_id VARCHAR(64) NOT NULL,
    resource   VARCHAR(64) NOT NULL,
    hard_limit BIGINT      NOT NULL,
    PRIMARY KEY (project_id, resource)
);

-- A row per project that quota checks lock, so that counting and creating happen one at a time per project.
CREATE TABLE net_quota_lock (
    project_id VARCHAR(64) PRIMARY KEY
);

-- The agents' view of each host: where its VXLAN traffic goes and which flat networks it has a bridge for.
CREATE TABLE net_agent_host (
    host_id           VARCHAR(64)   PRIMARY KEY,
    hostname          VARCHAR(255)  NOT NULL,
    tunnel_ip         VARCHAR(64)   NOT NULL,
    physical_networks VARCHAR(4096) NOT NULL,
    last_seen_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One generation for the whole network service; every change bumps it in the changing transaction.
CREATE TABLE net_generation (
    id         INTEGER PRIMARY KEY,
    generation BIGINT  NOT NULL
);
INSERT INTO net_generation (id, generation) VALUES (1, 1);
