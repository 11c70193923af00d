package limber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import limber.config.ConfigLoader;
import limber.config.LimberConfig;

/** The training start never uses the shipped ports or journal, and keeps what else it was given. */
class CdsTrainingTest {
    @Test
    void trainingRunsOnFreePortsWithAThrowawayJournal() throws Exception {
        String[] given = {"--cds-training", "--config-dir=config"};
        assertTrue(CdsTraining.requested(given));
        assertFalse(CdsTraining.requested(new String[] {"--config-dir=config"}));
        List<String> args = Arrays.asList(CdsTraining.arguments(given));
        assertFalse(args.contains("--cds-training"));
        assertTrue(args.contains("--config-dir=config"));
        for (String key : List.of("--http.port=", "--broker.port=", "--broker.websocketPort=", "--store.path=",
                "--http.adminPasswordFile=")) {
            assertEquals(1, args.stream().filter(a -> a.startsWith(key)).count(), key);
        }
        // never the ports the shipped config listens on (a running engine may hold them during a build)
        LimberConfig shipped = ConfigLoader.load(new String[0], Map.of()).engine();
        assertTrue(args.stream().noneMatch(a -> a.equals("--http.port=" + shipped.http().port())
                || a.equals("--broker.port=" + shipped.broker().port())));
        assertTrue(args.stream().filter(a -> a.startsWith("--store.path=")).allMatch(a -> !a.contains("data/limber.db")));
    }
}
