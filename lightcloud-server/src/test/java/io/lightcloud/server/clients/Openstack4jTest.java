package io.lightcloud.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.server.testing.ServerTestBase;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.image.v2.ContainerFormat;
import org.openstack4j.model.image.v2.DiskFormat;
import org.openstack4j.model.image.v2.Image;
import org.openstack4j.model.network.Network;
import org.openstack4j.openstack.OSFactory;

/** openstack4j 3.12, the most used Java client of OpenStack, against Lightcloud as its users call it. */
class Openstack4jTest extends ServerTestBase {
    private OSClientV3 os;

    @BeforeEach
    void authenticate() {
        os = OSFactory.builderV3().endpoint("http://127.0.0.1:" + port + "/identity/v3")
                .credentials("admin", ADMIN_PASSWORD, Identifier.byName("Default"))
                .scopeToProject(Identifier.byName("admin"), Identifier.byName("Default"))
                .authenticate();
    }

    @Test
    void createsNetworks() {
        String name = "o4j-" + UUID.randomUUID().toString().substring(0, 8);
        Network created = os.networking().network().create(Builders.network().name(name).adminStateUp(true)
                .build());
        assertThat(created.getId()).isNotBlank();
        assertThat(created.getName()).isEqualTo(name);
        assertThat(created.isDefault()).isFalse();
        assertThat(os.networking().network().get(created.getId()).getName()).isEqualTo(name);
        assertThat(os.networking().network().delete(created.getId()).isSuccess()).isTrue();
    }

    /** openstack4j sends its JSON patch as {@code application/json}, which Glance refuses and Lightcloud reads. */
    @Test
    void updatesImages() {
        String name = "o4j-" + UUID.randomUUID().toString().substring(0, 8);
        Image image = os.imagesV2().create(Builders.imageV2().name(name).containerFormat(ContainerFormat.BARE)
                .diskFormat(DiskFormat.RAW).minDisk(1L).build());
        assertThat(image.getStatus()).isEqualTo(Image.ImageStatus.QUEUED);
        Image updated = os.imagesV2().update(image.toBuilder().name(name + "-renamed").minDisk(2L).build());
        assertThat(updated.getName()).isEqualTo(name + "-renamed");
        assertThat(os.imagesV2().get(image.getId()).getMinDisk()).isEqualTo(2L);
        assertThat(os.imagesV2().delete(image.getId()).isSuccess()).isTrue();
    }
}
