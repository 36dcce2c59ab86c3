package io.lightcloud.volume.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import io.lightcloud.common.api.Fault;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CinderFaultFormatTest {
    private final CinderFaultFormat format = new CinderFaultFormat();

    @Test
    void faultsAreNamedByStatusAsCinderNamesThem() {
        assertThat(format.body(new Fault(404, "Volume x could not be found.", null)))
                .isEqualTo(Map.of("itemNotFound", Map.of("code", 404, "message", "Volume x could not be found.")));
        assertThat(format.body(new Fault(400, "bad", null))).containsKey("badRequest");
        assertThat(format.body(new Fault(403, "no", null))).containsKey("forbidden");
        assertThat(format.body(new Fault(409, "no", null))).containsKey("conflictingRequest");
        assertThat(format.body(new Fault(500, "oops", null))).containsKey("computeFault");
        assertThat(format.pathPrefix()).isEqualTo("/volume");
    }

    @Test
    void quotaFaultsCarryRetryAfter() {
        Fault fault = Fault.of(VolumeFaults.overQuota("Maximum number of volumes allowed (1) exceeded"));
        assertThat(format.body(fault)).isEqualTo(Map.of("overLimit", Map.of("code", 413, "message",
                "Maximum number of volumes allowed (1) exceeded", "retryAfter", "0")));
        assertThat(format.headers(fault, "http://x")).containsEntry("Retry-After", "0");
    }

    @Test
    void valuesUseCindersSpellings() {
        assertThat(CinderValues.timestamp(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6_000, ZoneOffset.ofHours(2))))
                .isEqualTo("2024-01-02T01:04:05.000006");
        assertThat(CinderValues.bool("True", "force")).isTrue();
        assertThat(CinderValues.bool("no", "force")).isFalse();
        assertThatThrownBy(() -> CinderValues.bool("maybe", "force")).isInstanceOf(ApiException.class)
                .hasMessageContaining("Invalid value 'maybe' for force");
        assertThat(ListFilters.metadata("{'k': 'v'}")).isEqualTo(Map.of("k", "v"));
    }
}
