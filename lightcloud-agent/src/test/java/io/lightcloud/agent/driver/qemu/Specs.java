package io.lightcloud.agent.driver.qemu;

import io.lightcloud.agent.driver.ImageSource;
import io.lightcloud.agent.driver.InstanceMetadata;
import io.lightcloud.agent.driver.InstanceSpec;
import io.lightcloud.agent.driver.Nic;
import io.lightcloud.agent.driver.VolumeAttachment;
import java.nio.file.Path;
import java.util.List;

/** Instance specs for tests that do not boot anything. */
final class Specs {
    static final String INSTANCE_ID = "11111111-2222-3333-4444-555555555555";

    private Specs() {
    }

    static InstanceSpec spec(List<Nic> nics, List<VolumeAttachment> volumes) {
        return new InstanceSpec(INSTANCE_ID, "web, 1", 2, 512, 10,
                new ImageSource("cirros", Path.of("/images/cirros.qcow2"), "qcow2"), InstanceMetadata.of("web-1"),
                true, nics, volumes);
    }

    static VolumeAttachment volume(String id) {
        return new VolumeAttachment(id, Path.of("/volumes/" + id), "raw", false);
    }
}
