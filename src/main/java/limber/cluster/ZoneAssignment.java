package limber.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which live instance should own each zone. Every instance computes it from the same inputs (the
 * live instances and the leases) and so reaches the same answer. Each instance gets a quota of
 * floor or ceil(zones / instances), the larger quotas going to those already running most zones;
 * a zone stays with its live owner while that owner is within quota, so a failure or a new
 * instance moves only what it must. The rest go by rendezvous hashing to instances under quota.
 */
public final class ZoneAssignment {
    private ZoneAssignment() {
    }

    public static Map<String, String> assign(Collection<String> zones, Collection<String> nodes,
                                             Map<String, String> currentOwners) {
        Map<String, String> out = new HashMap<>();
        if (nodes.isEmpty()) {
            return out;
        }
        List<String> sortedZones = zones.stream().sorted().toList();
        Map<String, Integer> current = new HashMap<>();
        for (String z : sortedZones) {
            String owner = currentOwners.get(z);
            if (owner != null && nodes.contains(owner)) {
                current.merge(owner, 1, Integer::sum);
            }
        }
        List<String> byLoad = nodes.stream().sorted(Comparator.comparing((String n) -> -current.getOrDefault(n, 0))
                .thenComparing(n -> n)).toList();
        Map<String, Integer> quota = new HashMap<>();
        int base = sortedZones.size() / byLoad.size();
        int extra = sortedZones.size() % byLoad.size();
        for (int i = 0; i < byLoad.size(); i++) {
            quota.put(byLoad.get(i), base + (i < extra ? 1 : 0));
        }
        Map<String, Integer> load = new HashMap<>();
        for (String zone : sortedZones) {
            String owner = currentOwners.get(zone);
            if (owner != null && quota.containsKey(owner) && load.getOrDefault(owner, 0) < quota.get(owner)) {
                out.put(zone, owner);
                load.merge(owner, 1, Integer::sum);
            }
        }
        List<String> sortedNodes = byLoad.stream().sorted().toList();
        for (String zone : sortedZones) {
            if (out.containsKey(zone)) {
                continue;
            }
            List<String> ranked = new ArrayList<>(sortedNodes);
            ranked.sort(Comparator.comparingLong((String n) -> score(zone, n)).reversed().thenComparing(n -> n));
            for (String n : ranked) {
                if (load.getOrDefault(n, 0) < quota.get(n)) {
                    out.put(zone, n);
                    load.merge(n, 1, Integer::sum);
                    break;
                }
            }
        }
        return out;
    }

    /** A well-mixed 64-bit score per (zone, node); String.hashCode alone clusters badly. */
    static long score(String zone, String node) {
        long h = 0xcbf29ce484222325L;
        for (char c : (zone + '\u0000' + node).toCharArray()) {
            h ^= c;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
