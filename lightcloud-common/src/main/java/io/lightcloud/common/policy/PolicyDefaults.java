package io.lightcloud.common.policy;

import java.util.Map;

/** A service's default rules, by action name such as {@code identity:create_project}; each service provides one. */
public interface PolicyDefaults {
    Map<String, String> rules();
}
