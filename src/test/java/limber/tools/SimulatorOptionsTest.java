package limber.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import limber.config.ConfigLoader;

class SimulatorOptionsTest {
    @Test
    void refusesBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.parse(new String[] {"--watches=0"}));
        assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.parse(new String[] {"--bogus=1"}));
        assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.parse(new String[] {"--prefix=a b"}));
        assertEquals(SimulatorOptions.Report.END, SimulatorOptions.parse(new String[0]).report());
    }

    @Test
    void readsEveryOptionAndDefaultsTheRest() {
        assertEquals(new SimulatorOptions("tcp://broker:41999", "studio-2", 25, "w", SimulatorOptions.Report.START, 0),
                SimulatorOptions.parse(new String[] {"--url=tcp://broker:41999", "--zone=studio-2", "--watches=25",
                        "--prefix=w", "--report=start", "--jitter-ms=0"}));
        // by default the simulator talks to the shipped engine's embedded broker
        int shippedPort = ConfigLoader.load(new String[0], Map.of()).engine().broker().port();
        assertEquals(new SimulatorOptions("tcp://127.0.0.1:" + shippedPort, "main-floor", 10, "sim-watch",
                SimulatorOptions.Report.END, 500), SimulatorOptions.parse(new String[0]));
    }

    @Test
    void helpPrintsOnlyTheUsageAndAMistakeComesFirst() {
        IllegalArgumentException help = assertThrows(IllegalArgumentException.class,
                () -> SimulatorOptions.parse(new String[] {"--help"}));
        assertEquals(SimulatorOptions.USAGE, SimulatorOptions.explain(help));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SimulatorOptions.parse(new String[] {"watches=3"}));
        assertEquals("expected --name=value, got watches=3\n" + SimulatorOptions.USAGE, SimulatorOptions.explain(bad));
        assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.parse(new String[] {"--jitter-ms=-1"}));
    }
}
