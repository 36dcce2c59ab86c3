import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The ceiling for password-token issue: bcrypt verifications per second in this JVM, through the encoder class the
 * server uses. Usage: java -cp spring-security-crypto.jar:commons-logging.jar BcryptRate.java [THREADS] [SECONDS]
 * [COST]. Prints one line: "bcrypt cost=12 threads=2 verify/s=7.55 cpu_us/verify=264550". The CPU time per
 * verification hardly changes when other processes compete for the cores, unlike the rate.
 */
public class BcryptRate {
    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        int cost = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(cost);
        String password = "bench-password";
        String hash = encoder.encode(password);

        // Untimed rounds first, so the timed window measures JIT-compiled code as in a warmed-up server.
        for (long until = System.nanoTime() + 2_000_000_000L; System.nanoTime() < until; ) {
            check(encoder, password, hash);
        }

        // One verification takes a quarter of a second, so counting whole verifications in a fixed window would be
        // off by up to one per thread; each thread instead reports its count over the time it took to finish them.
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[] rates = new double[threads];
        long[] counts = new long[threads];
        long[] cpuNanos = new long[threads];
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        for (int i = 0; i < threads; i++) {
            int slot = i;
            workers[i] = new Thread(() -> {
                long began = System.nanoTime();
                long cpuBegan = cpu.getCurrentThreadCpuTime();
                long done = 0;
                long now;
                do {
                    check(encoder, password, hash);
                    done++;
                    now = System.nanoTime();
                } while (now < deadline);
                rates[slot] = done / ((now - began) / 1e9);
                counts[slot] = done;
                cpuNanos[slot] = cpu.getCurrentThreadCpuTime() - cpuBegan;
            });
            workers[i].start();
        }
        double total = 0;
        long verifications = 0;
        long cpuTotal = 0;
        for (int i = 0; i < threads; i++) {
            workers[i].join();
            total += rates[i];
            verifications += counts[i];
            cpuTotal += cpuNanos[i];
        }
        System.out.printf("bcrypt cost=%d threads=%d verify/s=%.2f cpu_us/verify=%.0f%n", cost, threads, total,
                cpuTotal / 1e3 / verifications);
    }

    private static void check(BCryptPasswordEncoder encoder, String password, String hash) {
        if (!encoder.matches(password, hash)) {
            throw new IllegalStateException("bcrypt did not verify its own hash");
        }
    }
}
