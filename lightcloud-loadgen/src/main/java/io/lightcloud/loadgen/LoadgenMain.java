package io.lightcloud.loadgen;

import io.lightcloud.loadgen.control.ControllerClient;
import io.lightcloud.loadgen.control.Executor;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./lightcloud loadgen --controller URL --credential-file FILE [--capacity-users N] [--capacity-rate R]
 * [--threads T]}: a load-test executor. The credential is the one {@code POST /lightcloud/v1/loadtest/executors}
 * answered. Capacities tell the controller how to split users and rate between executors.
 */
public final class LoadgenMain {
    private LoadgenMain() {
    }

    public static void main(String[] args) throws Exception {
        // Netty samples buffers for leak reports by default; at tens of thousands of requests a second that costs.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("unexpected argument " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        String controller = options.remove("controller");
        String credentialFile = options.remove("credential-file");
        if (controller == null || credentialFile == null) {
            usage("--controller and --credential-file are required");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = Integer.parseInt(options.getOrDefault("threads", Integer.toString(cores)));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("hostname", options.getOrDefault("hostname", InetAddress.getLocalHost().getHostName()));
        facts.put("capacity_users", Integer.parseInt(options.getOrDefault("capacity-users", "10000")));
        facts.put("capacity_rate", Double.parseDouble(options.getOrDefault("capacity-rate", "50000")));
        facts.put("cores", cores);
        options.keySet().removeAll(java.util.Set.of("threads", "hostname", "capacity-users", "capacity-rate"));
        if (!options.isEmpty()) {
            usage("unknown options " + options.keySet());
        }
        String credential = Files.readString(Path.of(credentialFile), StandardCharsets.UTF_8).trim();
        Executor executor = new Executor(new ControllerClient(controller, credential), threads);
        Runtime.getRuntime().addShutdownHook(new Thread(executor::close, "loadgen-shutdown"));
        while (true) {
            try {
                executor.register(facts);
                break;
            } catch (java.io.IOException e) {
                System.err.println("registration failed, retrying: " + e.getMessage());
                Thread.sleep(2000);
            }
        }
        executor.run();
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: loadgen --controller URL --credential-file FILE [--capacity-users N]"
                + " [--capacity-rate R] [--threads T] [--hostname NAME]");
        System.exit(2);
    }
}
