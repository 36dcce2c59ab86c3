package io.lightcloud.dashboard.console;

import static java.util.Objects.requireNonNull;

import io.lightcloud.agent.protocol.ConsoleTunnelRequest;
import io.lightcloud.agent.protocol.ConsoleTunnelRequests;
import io.lightcloud.common.web.LongPolls;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Console tunnels through hypervisor agents. VNC on a remote host listens on that host's 127.0.0.1, and the agent
 * only makes outgoing connections, so the controller asks it for a tunnel: {@link #open} queues a request for the
 * host, the agent's long-poll ({@link #poll}) picks it up, and the agent connects a WebSocket that {@link #attach}
 * pairs with the waiting request. Tunnel ids are random and used once; a tunnel belongs to one host.
 *
 * <p>Requests live in this controller's memory: with several controllers the agent has to poll the controller that
 * holds the browser's console session.
 */
public final class AgentTunnels implements LongPolls {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, List<Request>> queued = new HashMap<>();
    private final Map<String, List<DeferredResult<Object>>> waiters = new HashMap<>();
    private boolean draining;

    /** What the agent is asked to connect. */
    public record Request(String tunnelId, String instanceId) {
        public Request {
            requireNonNull(tunnelId, "tunnelId");
            requireNonNull(instanceId, "instanceId");
        }
    }

    /** A tunnel the controller waits for; {@link #stream()} completes when the agent connects. */
    public record Pending(Request request, String hostId, CompletableFuture<VncConnector.VncStream> stream) {
    }

    /** Asks the host's agent for a tunnel to the instance's VNC. */
    public Pending open(String hostId, String instanceId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        Request request = new Request(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), instanceId);
        Pending tunnel = new Pending(request, hostId, new CompletableFuture<>());
        pending.put(request.tunnelId(), tunnel);
        List<DeferredResult<Object>> ready;
        synchronized (this) {
            queued.computeIfAbsent(hostId, h -> new ArrayList<>()).add(request);
            ready = waiters.remove(hostId);
        }
        if (ready != null) {
            ready.forEach(waiter -> waiter.setResult(answer(take(hostId))));
        }
        return tunnel;
    }

    /** Forgets a tunnel the controller stopped waiting for. */
    public void abandon(Pending tunnel) {
        pending.remove(tunnel.request().tunnelId());
        synchronized (this) {
            List<Request> requests = queued.get(tunnel.hostId());
            if (requests != null) {
                requests.remove(tunnel.request());
            }
        }
    }

    /** The host's queued requests, at once if there are any, else when one arrives or {@code wait} ends. */
    public DeferredResult<Object> poll(String hostId, Duration wait) {
        DeferredResult<Object> result = new DeferredResult<>(wait.toMillis() + 1, () -> answer(List.of()));
        synchronized (this) {
            List<Request> requests = take(hostId);
            if (!requests.isEmpty() || wait.isZero() || draining) {
                result.setResult(answer(requests));
                return result;
            }
            waiters.computeIfAbsent(hostId, h -> new ArrayList<>()).add(result);
        }
        Runnable forget = () -> {
            synchronized (this) {
                List<DeferredResult<Object>> list = waiters.get(hostId);
                if (list != null) {
                    list.remove(result);
                }
            }
        };
        result.onCompletion(forget);
        result.onTimeout(forget);
        return result;
    }

    @Override
    public void drain() {
        List<DeferredResult<Object>> open = new ArrayList<>();
        synchronized (this) {
            draining = true;
            waiters.values().forEach(open::addAll);
            waiters.clear();
        }
        open.forEach(waiter -> waiter.setResult(answer(List.of())));
    }

    /** Takes the pending tunnel with this id if it belongs to the host; a tunnel id works once. */
    public Optional<Pending> attach(String tunnelId, String hostId) {
        Pending tunnel = pending.get(tunnelId);
        if (tunnel == null || !tunnel.hostId().equals(hostId) || !pending.remove(tunnelId, tunnel)) {
            return Optional.empty();
        }
        return Optional.of(tunnel);
    }

    private synchronized List<Request> take(String hostId) {
        List<Request> requests = queued.remove(hostId);
        return requests == null ? List.of() : requests;
    }

    private static ConsoleTunnelRequests answer(List<Request> requests) {
        return new ConsoleTunnelRequests(requests.stream().map(r -> new ConsoleTunnelRequest(r.tunnelId(),
                r.instanceId(), ConsoleProxyConfiguration.TUNNEL_PATH_PREFIX + r.tunnelId())).toList());
    }
}
