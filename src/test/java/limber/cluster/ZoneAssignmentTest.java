package limber.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ZoneAssignmentTest {
    private static final List<String> ZONES = IntStream.range(0, 30).mapToObj(i -> "zone-" + i).toList();
    private static final List<String> NODES = List.of("7f1c9e4a-node-a", "03b2d6c1-node-b", "c44e0a9f-node-c",
            "9a0d3b77-node-d");

    @Test
    void everyZoneHasOneOwnerAndTheSpreadIsEven() {
        // also from a lopsided start: every zone on the first instance
        Map<String, String> allOnA = new HashMap<>();
        ZONES.forEach(z -> allOnA.put(z, NODES.get(0)));
        Map<String, Integer> spread = new HashMap<>();
        ZoneAssignment.assign(ZONES, NODES.subList(0, 3), allOnA).values().forEach(n -> spread.merge(n, 1, Integer::sum));
        assertEquals(Map.of(NODES.get(0), 10, NODES.get(1), 10, NODES.get(2), 10), spread);
        for (int n = 1; n <= NODES.size(); n++) {
            Map<String, String> a = ZoneAssignment.assign(ZONES, NODES.subList(0, n), Map.of());
            assertEquals(ZONES.size(), a.size());
            Map<String, Integer> load = new HashMap<>();
            a.values().forEach(node -> load.merge(node, 1, Integer::sum));
            int cap = (ZONES.size() + n - 1) / n;
            assertEquals(n, load.size(), "every instance gets zones");
            load.values().forEach(l -> assertTrue(l <= cap && l >= ZONES.size() - cap * (load.size() - 1),
                    "load " + load));
        }
    }

    @Test
    void theAnswerDoesNotDependOnInputOrder() {
        List<String> zones = new ArrayList<>(ZONES);
        List<String> nodes = new ArrayList<>(NODES);
        Collections.reverse(zones);
        Collections.reverse(nodes);
        Map<String, String> owners = ZoneAssignment.assign(ZONES, NODES.subList(0, 3), Map.of());
        assertEquals(ZoneAssignment.assign(ZONES, NODES, owners), ZoneAssignment.assign(zones, nodes, owners));
    }

    @Test
    void losingAnInstanceMovesOnlyItsZones() {
        Map<String, String> before = ZoneAssignment.assign(ZONES, NODES.subList(0, 3), Map.of());
        Map<String, String> after = ZoneAssignment.assign(ZONES, List.of(NODES.get(0), NODES.get(2)), before);
        for (String z : ZONES) {
            if (!before.get(z).equals(NODES.get(1))) {
                assertEquals(before.get(z), after.get(z), z + " stays where it was");
            }
        }
    }

    @Test
    void addingAnInstanceMovesAboutItsShare() {
        Map<String, String> before = ZoneAssignment.assign(ZONES, NODES.subList(0, 3), Map.of());
        Map<String, String> after = ZoneAssignment.assign(ZONES, NODES, before);
        long moved = ZONES.stream().filter(z -> !before.get(z).equals(after.get(z))).count();
        long toNew = ZONES.stream().filter(z -> after.get(z).equals(NODES.get(3))).count();
        assertTrue(toNew >= 7 && toNew <= 8, "the new instance gets its share: " + toNew);
        assertEquals(toNew, moved, "zones move only to the new instance");
        assertEquals(after, ZoneAssignment.assign(ZONES, NODES, after), "once settled, nothing moves");
    }
}
