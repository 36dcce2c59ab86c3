package io.lightcloud.common.web;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Answers the open long-polls as soon as the server starts to stop: the context-closed event comes before the web
 * server's graceful shutdown, which then only waits for ordinary requests, and before anything is closed.
 */
public final class LongPollDrain {
    private static final Logger log = LoggerFactory.getLogger(LongPollDrain.class);

    private final List<LongPolls> polls;

    public LongPollDrain(List<LongPolls> polls) {
        this.polls = List.copyOf(requireNonNull(polls, "polls is null"));
    }

    @EventListener(ContextClosedEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public void drain() {
        polls.forEach(LongPolls::drain);
        log.info("Answered the open long-polls; the server is stopping");
    }
}
