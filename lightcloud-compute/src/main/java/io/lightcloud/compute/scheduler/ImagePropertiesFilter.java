package io.lightcloud.compute.scheduler;

import java.util.Locale;
import java.util.Map;

/**
 * The image's {@code hw_architecture} (or legacy {@code architecture}) matches the host's CPU, and its
 * {@code img_hv_type} (or legacy {@code hypervisor_type}) is one the host runs: a KVM host also runs plain QEMU
 * guests, a QEMU (TCG) host only those.
 */
public final class ImagePropertiesFilter implements HostFilter {
    private static final Map<String, String> ARCH_ALIASES = Map.of("amd64", "x86_64", "x64", "x86_64",
            "arm64", "aarch64", "i686", "i386", "x86", "i386");

    @Override
    public boolean passes(HostState host, ScheduleRequest request, long nowMillis) {
        Map<String, String> properties = request.imageProperties();
        String arch = first(properties, "hw_architecture", "architecture");
        if (arch != null && (host.cpuArch() == null || !canonicalArch(arch).equals(canonicalArch(host.cpuArch())))) {
            return false;
        }
        String hvType = first(properties, "img_hv_type", "hypervisor_type");
        if (hvType == null) {
            return true;
        }
        String wanted = hvType.toLowerCase(Locale.ROOT);
        String hostType = host.hypervisorType() == null ? "" : host.hypervisorType().toLowerCase(Locale.ROOT);
        return wanted.equals(hostType) || (wanted.equals("qemu") && hostType.equals("kvm"));
    }

    private static String first(Map<String, String> properties, String key, String legacyKey) {
        String value = properties.get(key);
        return value != null ? value : properties.get(legacyKey);
    }

    private static String canonicalArch(String arch) {
        String lower = arch.toLowerCase(Locale.ROOT);
        return ARCH_ALIASES.getOrDefault(lower, lower);
    }

    @Override
    public boolean appliesTo(ScheduleRequest request) {
        Map<String, String> properties = request.imageProperties();
        return properties.containsKey("hw_architecture") || properties.containsKey("architecture")
                || properties.containsKey("img_hv_type") || properties.containsKey("hypervisor_type");
    }
}
