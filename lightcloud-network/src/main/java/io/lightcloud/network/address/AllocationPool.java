package io.lightcloud.network.address;

import java.util.LinkedHashMap;
import java.util.Map;

/** An inclusive range of addresses a subnet hands out, Neutron's {@code {"start": ..., "end": ...}}. */
public record AllocationPool(long start, long end) {
    public AllocationPool {
        if (start > end) {
            throw new IllegalArgumentException("pool start after end");
        }
    }

    public boolean contains(long address) {
        return address >= start && address <= end;
    }


    public Map<String, String> view() {
        Map<String, String> view = new LinkedHashMap<>();
        view.put("start", Ipv4.format(start));
        view.put("end", Ipv4.format(end));
        return view;
    }
}
