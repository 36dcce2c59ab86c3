package io.lightcloud.common.microversion;

import io.lightcloud.common.api.ApiException;

/** An OpenStack microversion such as {@code 2.79}: compared by major, then minor, never as a decimal. */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    public ApiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("negative version");
        }
    }

    public static ApiVersion parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length != 2) {
            throw new ApiException(400, "Invalid microversion '" + text + "': expected MAJOR.MINOR such as 2.1.");
        }
        try {
            return new ApiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Invalid microversion '" + text + "': expected MAJOR.MINOR such as 2.1.");
        }
    }

    public boolean atLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }

    public boolean atLeast(int major, int minor) {
        return atLeast(new ApiVersion(major, minor));
    }

    @Override
    public int compareTo(ApiVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
