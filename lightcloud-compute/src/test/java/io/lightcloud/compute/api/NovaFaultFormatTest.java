package io.lightcloud.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightcloud.common.api.Fault;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NovaFaultFormatTest {
    @Test
    void faultsAreNamedAsNovaNamesThem() {
        NovaFaultFormat format = new NovaFaultFormat();
        assertThat(format.body(new Fault(404, "Instance x could not be found.", null)))
                .isEqualTo(Map.of("itemNotFound", Map.of("code", 404, "message", "Instance x could not be found.")));
        assertThat(format.body(new Fault(409, "locked", null))).containsKey("conflictingRequest");
        assertThat(format.body(new Fault(403, "Quota exceeded", null))).containsKey("forbidden");
        assertThat(format.body(new Fault(501, "no", null))).containsKey("notImplemented");
        assertThat(format.body(new Fault(500, "boom", null))).containsKey("computeFault");
        assertThat(format.body(new Fault(406, "version", null))).containsKey("computeFault");
    }
}
