package io.lightcloud.loadtest.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdTest {
    @Test
    void parsesTheCriteriaOfTheIssue() {
        Threshold p95 = Threshold.parse("p95 < 300 ms");
        assertThat(p95.metric()).isEqualTo(Threshold.Metric.PERCENTILE);
        assertThat(p95.percentile()).isEqualTo(95);
        assertThat(p95.holds(299.9)).isTrue();
        assertThat(p95.holds(300)).isFalse();
        Threshold errors = Threshold.parse("error rate < 1 %");
        assertThat(errors.metric()).isEqualTo(Threshold.Metric.ERROR_RATE);
        assertThat(errors.holds(0.5)).isTrue();
        Threshold rate = Threshold.parse("rate > 500/s");
        assertThat(rate.metric()).isEqualTo(Threshold.Metric.RATE);
        assertThat(rate.judgeableLive()).isFalse();
        assertThat(Threshold.parse("p99.9 <= 1.5 s").limit()).isEqualTo(1500);
    }

    @Test
    void refusesWhatDoesNotParseAndSaysWhy() {
        assertThatThrownBy(() -> Threshold.parse("p95 < fast")).hasMessageContaining("does not parse");
        assertThatThrownBy(() -> Threshold.parse("p95 < 300")).hasMessageContaining("needs a unit");
        assertThatThrownBy(() -> Threshold.parse("error rate < 1 ms")).hasMessageContaining("in %");
        assertThatThrownBy(() -> Threshold.parse("p0 < 1 ms")).hasMessageContaining("between 0 and 100");
    }
}
