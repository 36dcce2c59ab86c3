package io.lightcloud.monitoring.channel;

/** A rendered notification: a short title and a Markdown body (e-mail sends the body as plain text). */
public record Message(String title, String markdown) {
}
