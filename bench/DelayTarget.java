import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * An HTTP target on 127.0.0.1:PORT that answers every request after exactly DELAY_MS, and holds every request for
 * STALL_MS more while a stall is on (from STALL_AT_S seconds after start, once). Usage: DelayTarget PORT DELAY_MS
 * [STALL_AT_S STALL_MS].
 */
public class DelayTarget {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long delay = Long.parseLong(args[1]);
        long stallAt = args.length > 2 ? System.currentTimeMillis() + Long.parseLong(args[2]) * 1000 : Long.MAX_VALUE;
        long stallMs = args.length > 3 ? Long.parseLong(args[3]) : 0;
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newCachedThreadPool());
        byte[] body = "ok".getBytes();
        server.createContext("/", exchange -> {
            try {
                long now = System.currentTimeMillis();
                long wait = delay;
                if (now >= stallAt && now < stallAt + stallMs) {
                    wait += stallAt + stallMs - now;
                }
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        System.out.println("ready");
    }
}
