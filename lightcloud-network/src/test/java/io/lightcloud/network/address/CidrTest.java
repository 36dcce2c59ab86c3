package io.lightcloud.network.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightcloud.common.api.ApiException;
import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void parsesPrefixesAndTheirBounds() {
        Cidr cidr = Cidr.parse("10.0.0.0/24", "cidr");
        assertThat(Ipv4.format(cidr.first())).isEqualTo("10.0.0.0");
        assertThat(Ipv4.format(cidr.last())).isEqualTo("10.0.0.255");
        assertThat(cidr.size()).isEqualTo(256);
        assertThat(cidr.contains(Ipv4.parse("10.0.0.77", "x"))).isTrue();
        assertThat(cidr.contains(Ipv4.parse("10.0.1.0", "x"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0", "cidr").size()).isEqualTo(1L << 32);
    }

    @Test
    void refusesHostBitsAndGarbage() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.5/24", "cidr")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).contains("'10.0.0.0/24' is recommended"));
        for (String bad : new String[] {"10.0.0.0", "10.0.0.0/33", "10.0.0.256/24", "fd00::/64", "010.0.0.0/8"}) {
            assertThatThrownBy(() -> Cidr.parse(bad, "cidr")).as(bad).isInstanceOf(ApiException.class);
        }
        assertThat(Cidr.parseLenient("10.0.0.5/24", "x").toString()).isEqualTo("10.0.0.0/24");
        assertThat(Cidr.parseLenient("10.0.0.5", "x").toString()).isEqualTo("10.0.0.5/32");
    }

    @Test
    void detectsOverlaps() {
        Cidr wide = Cidr.parse("10.0.0.0/16", "a");
        assertThat(wide.overlaps(Cidr.parse("10.0.128.0/25", "b"))).isTrue();
        assertThat(Cidr.parse("10.0.128.0/25", "b").overlaps(wide)).isTrue();
        assertThat(wide.overlaps(Cidr.parse("10.1.0.0/16", "c"))).isFalse();
    }
}
