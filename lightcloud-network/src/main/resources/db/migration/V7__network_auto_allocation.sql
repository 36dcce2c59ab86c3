-- Neutron's auto-allocated-topology extension: the one default external network (is_default, meaningful on external
-- networks only) and, per project, the network and router made for it ("get me a network", Nova's --nic auto).
ALTER TABLE net_network ADD COLUMN is_default BOOLEAN DEFAULT FALSE NOT NULL;

CREATE TABLE net_auto_allocated_topology (
    project_id VARCHAR(64) PRIMARY KEY,
    network_id VARCHAR(36) NOT NULL REFERENCES net_network (id) ON DELETE CASCADE,
    router_id  VARCHAR(36) REFERENCES net_router (id) ON DELETE SET NULL
);
