package io.lightcloud.common.web;

import java.util.function.Predicate;

/** A path that streams large bodies under its own limit (image data), exempt from the JSON API body limit. */
public record BodyLimitExemption(Predicate<String> path) {
}
