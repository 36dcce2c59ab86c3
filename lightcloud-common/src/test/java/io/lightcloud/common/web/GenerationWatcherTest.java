package io.lightcloud.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.context.request.async.DeferredResult;

class GenerationWatcherTest {
    private static final Duration LONG_WAIT = Duration.ofMinutes(5);

    private final Map<String, Long> database = new ConcurrentHashMap<>(Map.of("host-a", 1L, "host-b", 1L));
    private final GenerationWatcher watcher = new GenerationWatcher("test-state", hosts -> {
        Map<String, Long> answer = new HashMap<>();
        hosts.forEach(host -> {
            Long generation = database.get(host);
            if (generation != null) {
                answer.put(host, generation);
            }
        });
        return answer;
    }, host -> host + "@" + database.get(host), Duration.ofMillis(20), 2, Clock.systemUTC());

    @AfterEach
    void close() {
        watcher.close();
    }

    @Test
    void answersAtOnceWhenTheAgentIsBehind() {
        DeferredResult<Object> result = watcher.poll("host-a", 0, LONG_WAIT, 1);
        assertThat(result.getResult()).isEqualTo("host-a@1");
    }

    @Test
    void wakingAHostAnswersOnlyThatHost() throws InterruptedException {
        DeferredResult<Object> a = watcher.poll("host-a", 1, LONG_WAIT, 1);
        DeferredResult<Object> b = watcher.poll("host-b", 1, LONG_WAIT, 1);
        assertThat(a.hasResult()).isFalse();
        watcher.wake("host-a");
        awaitResult(a);
        assertThat(a.getResult()).isEqualTo("host-a@1");
        assertThat(b.hasResult()).isFalse();
    }

    @Test
    void thePeriodicCheckSeesAChangeMadeElsewhereAndAHostThatIsGone() throws InterruptedException {
        DeferredResult<Object> a = watcher.poll("host-a", 1, LONG_WAIT, 1);
        DeferredResult<Object> b = watcher.poll("host-b", 1, LONG_WAIT, 1);
        database.put("host-a", 2L);
        database.remove("host-b");
        awaitResult(a);
        awaitResult(b);
        assertThat(a.getResult()).isEqualTo("host-a@2");
        assertThat(b.getResult()).isEqualTo("host-b@null");
    }

    @Test
    void drainAnswersOpenPollsAndLaterPollsAtOnce() throws InterruptedException {
        DeferredResult<Object> open = watcher.poll("host-a", 1, LONG_WAIT, 1);
        watcher.drain();
        awaitResult(open);
        assertThat(watcher.poll("host-b", 1, LONG_WAIT, 1).getResult()).isEqualTo("host-b@1");
    }

    /** The answer is built on a responder thread; this waits for it, it does not time anything. */
    private static void awaitResult(DeferredResult<Object> result) throws InterruptedException {
        for (int i = 0; i < 500 && !result.hasResult(); i++) {
            Thread.sleep(10);
        }
        assertThat(result.hasResult()).as("answered within 5 s").isTrue();
    }
}
