package io.lightcloud.common.microversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class MicroversionNegotiatorTest {
    private final MicroversionNegotiator compute = new MicroversionNegotiator("compute",
            "X-OpenStack-Nova-API-Version", new ApiVersion(2, 1), new ApiVersion(2, 96));

    @Test
    void versionsCompareNumericallyNotAsDecimals() {
        assertThat(ApiVersion.parse("2.10")).isGreaterThan(ApiVersion.parse("2.9"));
        assertThat(ApiVersion.parse("2.60").atLeast(2, 53)).isTrue();
    }

    @Test
    void missingHeaderMeansMinimumAndLatestMeansMaximum() {
        assertThat(compute.negotiate(new MockHttpServletRequest())).isEqualTo(new ApiVersion(2, 1));
        assertThat(compute.negotiate(request("compute latest"))).isEqualTo(new ApiVersion(2, 96));
    }

    @Test
    void picksTheServiceEntryFromAListAndHonoursTheLegacyHeader() {
        assertThat(compute.negotiate(request("volume 3.50, compute 2.60"))).isEqualTo(new ApiVersion(2, 60));
        MockHttpServletRequest legacy = new MockHttpServletRequest();
        legacy.addHeader("X-OpenStack-Nova-API-Version", "2.53");
        assertThat(compute.negotiate(legacy)).isEqualTo(new ApiVersion(2, 53));
    }

    @Test
    void outOfRangeIs406AndGarbageIs400() {
        assertThatThrownBy(() -> compute.negotiate(request("compute 2.200")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(406))
                .hasMessageContaining("Minimum is 2.1 and maximum is 2.96");
        assertThatThrownBy(() -> compute.negotiate(request("compute two")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void describesTheAnsweringVersion() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        compute.describe(new ApiVersion(2, 60), response);
        assertThat(response.getHeader("OpenStack-API-Version")).isEqualTo("compute 2.60");
        assertThat(response.getHeader("X-OpenStack-Nova-API-Version")).isEqualTo("2.60");
        assertThat(response.getHeaders("Vary")).contains("OpenStack-API-Version");
    }

    private static MockHttpServletRequest request(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("OpenStack-API-Version", header);
        return request;
    }
}
