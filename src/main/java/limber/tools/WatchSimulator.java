package limber.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Joins a zone as N simulated watches over MQTT and reports a done event for every step, the way a
 * class of participants would. Each watch is its own MQTT connection with a retained status and a
 * last will, joins with a join event, and sends each done with a fresh eventId (QoS 1, kept until
 * acknowledged and re-sent after a reconnect, so the engine's count is exact).
 *
 * <p>When a watch reports: {@code --report=end} (default) once the step's last hold ends (a skipped
 * step gets no done); {@code --report=start} a moment after each step starts (quick tests and load
 * runs). Each report is delayed by a random 0..{@code --jitter-ms} per watch.
 *
 * <pre>
 * scripts/watch-sim.sh --url=tcp://127.0.0.1:1884 --zone=main-floor --watches=25
 * </pre>
 */
public final class WatchSimulator implements AutoCloseable {
    private final SimulatorOptions options;
    private final List<SimulatedWatch> watches = new ArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "watch-sim-timer");
        t.setDaemon(true);
        return t;
    });
    private final StepReports steps;
    private final DeliveryCounts counts = new DeliveryCounts();

    public WatchSimulator(SimulatorOptions options) {
        this.options = options;
        this.steps = new StepReports(options.report());
    }

    /** Connects every watch (blocking, bounded) and starts listening to the zone. */
    public WatchSimulator start() throws MqttException {
        for (int i = 1; i <= options.watches(); i++) {
            SimulatedWatch w = new SimulatedWatch(options.prefix() + "-" + i, options, counts, this::onMessage);
            w.connect(i == 1);
            watches.add(w);
        }
        return this;
    }

    public long sent() {
        return counts.sent.get();
    }

    public long acked() {
        return counts.acked.get();
    }

    public long resent() {
        return counts.resent.get();
    }

    public List<String> deviceIds() {
        return watches.stream().map(w -> w.id).toList();
    }

    /** Messages of the first watch drive everyone (one subscriber is enough to know the timeline). */
    private void onMessage(String topic, byte[] payload) {
        StepReports.Due due = steps.onMessage(topic, payload);
        if (due == null) {
            return;
        }
        for (SimulatedWatch w : watches) {
            long delay = due.leadMs() + (options.jitterMs() == 0 ? 0 : ThreadLocalRandom.current().nextLong(options.jitterMs() + 1));
            timers.schedule(() -> w.event("done", due.sessionId(), due.step()), delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        for (SimulatedWatch w : watches) {
            w.close();
        }
    }

    public static void main(String[] args) throws Exception {
        SimulatorOptions o;
        try {
            o = SimulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(SimulatorOptions.explain(e));
            System.exit(2);
            return;
        }
        WatchSimulator sim = new WatchSimulator(o).start();
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close, "watch-sim-shutdown"));
        System.out.printf("%d watches joined %s via %s; reporting done at the %s of each step%n", o.watches(),
                o.zone(), o.url(), o.report() == SimulatorOptions.Report.END ? "end" : "start");
        while (true) {
            Thread.sleep(5_000); // a status line for people watching the terminal; not a test
            System.out.println(sim.counts.statusLine());
        }
    }
}
