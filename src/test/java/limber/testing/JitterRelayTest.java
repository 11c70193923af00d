package limber.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.testing.JitterRelay.Profile;

@Timeout(30)
class JitterRelayTest {
    private static final int N = 200_000;

    private static double[] draws(Profile p, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = p.delayMs(r);
        }
        return v;
    }

    private static double pct(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))];
    }

    @Test
    void uniformProfileSpansTwoToThirtyMsEvenly() {
        double[] v = draws(Profile.named("uniform-2-30"), 7);
        double[] s = v.clone();
        Arrays.sort(s);
        assertTrue(s[0] >= 2 && s[N - 1] <= 30, "range " + s[0] + ".." + s[N - 1]);
        assertEquals(16, Arrays.stream(v).average().orElseThrow(), 0.1);
        assertEquals(9, pct(s, 25), 0.2);
        assertEquals(23, pct(s, 75), 0.2);
        assertTrue(s[0] < 2.01 && s[N - 1] > 29.99, "both ends are reached");
    }

    @Test
    void heavyProfileHasTheFloorAndALongTail() {
        double[] s = draws(Profile.named("heavy"), 7);
        Arrays.sort(s);
        assertTrue(s[0] >= 2 && s[0] < 2.01, "the same 2 ms floor: " + s[0]);
        assertEquals(4.34, pct(s, 50), 0.1);
        assertEquals(19.1, pct(s, 90), 1.0);
        assertTrue(pct(s, 99) > 100 && pct(s, 99) < 180, "p99 " + pct(s, 99));
        assertTrue(s[N - 1] <= 1000, "capped at 1 s");
    }

    @Test
    void profilesAreSeededAndChosenByName() {
        assertArrayEquals(draws(Profile.UNIFORM, 3), draws(Profile.named("uniform"), 3));
        assertTrue(!Arrays.equals(draws(Profile.UNIFORM, 3), draws(Profile.UNIFORM, 4)));
        assertEquals(0, Profile.named("none").delayMs(new SplittableRandom(1)));
        assertThrows(IllegalArgumentException.class, () -> Profile.named("wifi"));
    }

    /** Numbered records both ways at once: every one arrives, in order, none sooner than the floor. */
    @Test
    void keepsOrderPerDirectionAndDelaysEveryChunkAtLeastTheFloor() throws Exception {
        int records = 300;
        ExecutorService pool = Executors.newCachedThreadPool();
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             JitterRelay relay = new JitterRelay(target.getLocalPort(), Profile.UNIFORM, 11)) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return target.accept();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, pool);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), relay.port());
                 Socket server = accepted.get(10, TimeUnit.SECONDS)) {
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                CompletableFuture<List<Integer>> atServer = readAll(server.getInputStream(), records, pool);
                CompletableFuture<List<Integer>> atClient = readAll(client.getInputStream(), records, pool);
                DataOutputStream up = new DataOutputStream(client.getOutputStream());
                DataOutputStream down = new DataOutputStream(server.getOutputStream());
                for (int i = 0; i < records; i++) {
                    up.writeInt(i);
                    up.flush();
                    down.writeInt(i);
                    down.flush();
                }
                List<Integer> expected = IntStream.range(0, records).boxed().toList();
                assertEquals(expected, atServer.get(20, TimeUnit.SECONDS), "client to server");
                assertEquals(expected, atClient.get(20, TimeUnit.SECONDS), "server to client");
            }
            List<Double> applied = relay.appliedDelaysMs();
            assertTrue(applied.size() >= 2, "chunks: " + applied.size());
            assertTrue(applied.stream().allMatch(d -> d >= JitterRelay.FLOOR_MS), "a chunk went faster than the floor");
            assertEquals(1, relay.connections());
        } finally {
            pool.shutdownNow();
        }
    }

    private static CompletableFuture<List<Integer>> readAll(InputStream in, int records, ExecutorService pool) {
        return CompletableFuture.supplyAsync(() -> {
            DataInputStream data = new DataInputStream(in);
            Integer[] got = new Integer[records];
            try {
                for (int i = 0; i < records; i++) {
                    got[i] = data.readInt();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return List.of(got);
        }, pool);
    }
}
