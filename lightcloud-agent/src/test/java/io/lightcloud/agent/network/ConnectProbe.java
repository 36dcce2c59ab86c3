package io.lightcloud.agent.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Run inside a VM namespace by {@link SecurityGroupScaleBenchmark}: {@code serve PORT} accepts and closes connections
 * forever; {@code connect HOST PORT WARMUP COUNT} prints, one per line, the nanoseconds each of COUNT
 * {@code connect()} calls took (after WARMUP untimed ones). A connect returns when the SYN-ACK arrives, so it times
 * the round trip of the connection's first packets through the firewall. Sockets are closed with a reset (linger 0),
 * so that the client's ports do not pile up in TIME_WAIT.
 */
final class ConnectProbe {
    private ConnectProbe() {}

    public static void main(String[] args) throws IOException {
        if (args[0].equals("serve")) {
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(Integer.parseInt(args[1])), 4096);
                System.out.println("listening");
                System.out.flush();
                while (true) {
                    server.accept().close();
                }
            }
        }
        InetSocketAddress target = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        int warmup = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < warmup + count; i++) {
            try (Socket socket = new Socket()) {
                socket.setSoLinger(true, 0);
                long start = System.nanoTime();
                socket.connect(target, 3000);
                long elapsed = System.nanoTime() - start;
                if (i >= warmup) {
                    out.append(elapsed).append('\n');
                }
            }
        }
        System.out.print(out);
    }
}
