package io.lightcloud.agent.network;

/** Answers a guest's metadata request; the agent's implementation asks the controller. */
public interface MetadataSource {
    /** {@code path} has no leading slash and no query, e.g. {@code openstack/latest/meta_data.json}. */
    MetadataAnswer fetch(String networkId, String sourceAddress, String path);

    record MetadataAnswer(int status, String contentType, byte[] body) {
        public MetadataAnswer {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }
}
