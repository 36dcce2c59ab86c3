import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.save.SaveService;
import org.apache.jmeter.testelement.AbstractTestElement;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;

/**
 * JMeter 5.6.3's own non-GUI engine on a .jmx, headless from a plain main: prints "<samples/s> <errors>".
 * Usage: JmeterRate JMETER_HOME PLAN.jmx (JMETER_HOME holds bin/jmeter.properties, saveservice.properties, ...).
 */
public class JmeterRate {
    public static final LongAdder SAMPLES = new LongAdder();
    public static final LongAdder ERRORS = new LongAdder();

    public static class Counter extends AbstractTestElement implements SampleListener {
        @Override
        public void sampleOccurred(SampleEvent e) {
            SAMPLES.increment();
            if (!e.getResult().isSuccessful()) {
                ERRORS.increment();
            }
        }

        @Override
        public void sampleStarted(SampleEvent e) {
        }

        @Override
        public void sampleStopped(SampleEvent e) {
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        JMeterUtils.setJMeterHome(home.toString());
        JMeterUtils.loadJMeterProperties(home.resolve("bin/jmeter.properties").toString());
        JMeterUtils.initLocale();
        HashTree tree = SaveService.loadTree(new File(args[1]));
        Object plan = tree.getArray()[0];
        Object group = tree.getTree(plan).getArray()[tree.getTree(plan).list().size() - 1];
        tree.getTree(plan).add(group, new Counter());
        StandardJMeterEngine engine = new StandardJMeterEngine();
        engine.configure(tree);
        long start = System.nanoTime();
        engine.run();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "%.0f %d%n", SAMPLES.sum() / elapsed, ERRORS.sum());
        System.exit(0);
    }
}
