package limber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

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
        assertTrue(args.stream().noneMatch(a -> a.equals("--http.port=8080") || a.equals("--broker.port=1884")));
        assertTrue(args.stream().filter(a -> a.startsWith("--store.path=")).allMatch(a -> !a.contains("data/limber.db")));
    }
}
