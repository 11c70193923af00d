package limber.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToDoubleFunction;

/**
 * A TCP relay on loopback that delays what it forwards like a busy Wi-Fi link: every chunk it reads is held
 * for a delay drawn independently per direction from a named {@link Profile}, the same floor both ways, and
 * order is kept within a direction (a chunk never overtakes the one read before it, as TCP delivers). MQTT
 * over TCP and MQTT over WebSocket alike go through it: point a client (or a page's client config) at
 * {@link #port()}. Seeded: each direction of each connection draws from its own split of the seed, in
 * accept order. One selector thread reads every connection, one thread delivers, so a fleet of hundreds of
 * connections costs three threads.
 */
public final class JitterRelay implements AutoCloseable {
    /** Every profile's floor, both directions: a fixed asymmetry no ping/pong sync could see is not added. */
    public static final double FLOOR_MS = 2;

    /** A one-way delay distribution in ms. */
    public record Profile(String name, ToDoubleFunction<SplittableRandom> draw) {
        /** No delay at all: a plain relay (loopback figures measured through the same code path). */
        public static final Profile NONE = new Profile("none", r -> 0);
        /** Uniform between 2 and 30 ms. */
        public static final Profile UNIFORM = new Profile("uniform-2-30", r -> FLOOR_MS + 28 * r.nextDouble());
        /**
         * Heavy-tailed: the 2 ms floor plus a Lomax (Pareto II) tail, scale 3 ms, shape 1.2, capped at 1 s:
         * median 4.3 ms, p90 19 ms, p99 138 ms, so most chunks are quick and a few are very late.
         */
        public static final Profile HEAVY = new Profile("heavy-pareto",
                r -> FLOOR_MS + Math.min(998, 3 * (Math.pow(1 - r.nextDouble(), -1 / 1.2) - 1)));

        /** "none", "uniform" / "uniform-2-30", "heavy" / "heavy-pareto". */
        public static Profile named(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "uniform", "uniform-2-30" -> UNIFORM;
                case "heavy", "heavy-pareto", "pareto" -> HEAVY;
                default -> throw new IllegalArgumentException("unknown jitter profile " + name);
            };
        }

        public double delayMs(SplittableRandom rnd) {
            return draw.applyAsDouble(rnd);
        }
    }

    /** One direction of one connection. */
    private static final class Pipe {
        final SocketChannel from;
        final SocketChannel to;
        final SplittableRandom rnd;
        long lastDue;
        boolean ended;
        Pipe other;

        Pipe(SocketChannel from, SocketChannel to, SplittableRandom rnd) {
            this.from = from;
            this.to = to;
            this.rnd = rnd;
        }
    }

    /** data == null: the sender closed; passed on in order like the bytes. */
    private record Chunk(long due, long seq, long readAt, Pipe pipe, ByteBuffer data) {
    }

    private final Profile profile;
    private final int targetPort;
    private final SplittableRandom seeds;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Pipe> toRegister = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Chunk> queue = new PriorityQueue<>((a, b) -> a.due() != b.due()
            ? Long.compare(a.due(), b.due()) : Long.compare(a.seq(), b.seq()));
    private final List<SocketChannel> channels = new ArrayList<>();
    private final List<Double> appliedMs = new ArrayList<>();
    private final AtomicLong chunks = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private long seq;
    private volatile boolean closed;

    public JitterRelay(int targetPort, Profile profile, long seed) throws IOException {
        this.targetPort = targetPort;
        this.profile = profile;
        this.seeds = new SplittableRandom(seed);
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        this.selector = Selector.open();
        start(this::acceptLoop, "jitter-accept");
        start(this::readLoop, "jitter-read");
        start(this::deliverLoop, "jitter-deliver");
    }

    private void start(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        threads.add(t);
        t.start();
    }

    /** Where clients connect to go through the relay. */
    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Profile profile() {
        return profile;
    }

    public long chunks() {
        return chunks.get();
    }

    public long connections() {
        return connections.get();
    }

    /** The delay each chunk actually got (its own draw, or more when it waited behind an earlier one), ms. */
    public List<Double> appliedDelaysMs() {
        synchronized (appliedMs) {
            return new ArrayList<>(appliedMs);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                SocketChannel upstream = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                for (SocketChannel c : List.of(client, upstream)) {
                    c.socket().setTcpNoDelay(true);
                    c.configureBlocking(false);
                }
                Pipe up = new Pipe(client, upstream, seeds.split());
                Pipe down = new Pipe(upstream, client, seeds.split());
                up.other = down;
                down.other = up;
                synchronized (channels) {
                    channels.add(client);
                    channels.add(upstream);
                }
                connections.incrementAndGet();
                toRegister.add(up);
                toRegister.add(down);
                selector.wakeup();
            } catch (IOException e) {
                // closed, or the target refused: the client's attempt fails as it would
            }
        }
    }

    private void readLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        while (!closed) {
            try {
                selector.select(100);
                for (Pipe p = toRegister.poll(); p != null; p = toRegister.poll()) {
                    p.from.register(selector, SelectionKey.OP_READ, p);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Pipe p = (Pipe) key.attachment();
                    buf.clear();
                    int n;
                    try {
                        n = p.from.read(buf);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        key.cancel();
                        enqueue(p, null);
                    } else if (n > 0) {
                        buf.flip();
                        ByteBuffer copy = ByteBuffer.allocate(n);
                        copy.put(buf).flip();
                        enqueue(p, copy);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | ClosedSelectorException e) {
                return; // the relay is closing
            }
        }
    }

    private void enqueue(Pipe p, ByteBuffer data) {
        long now = System.nanoTime();
        long due = Math.max(now + (long) (profile.delayMs(p.rnd) * 1e6), p.lastDue);
        p.lastDue = due;
        lock.lock();
        try {
            queue.add(new Chunk(due, seq++, now, p, data));
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void deliverLoop() {
        while (!closed) {
            Chunk c;
            lock.lock();
            try {
                c = queue.peek();
                long wait = c == null ? TimeUnit.MILLISECONDS.toNanos(100) : c.due() - System.nanoTime();
                if (wait > 0) {
                    changed.awaitNanos(wait);
                    continue;
                }
                queue.poll();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            deliver(c);
        }
    }

    private void deliver(Chunk c) {
        Pipe p = c.pipe();
        try {
            if (c.data() == null) {
                p.ended = true;
                p.to.shutdownOutput();
                if (p.other.ended) {
                    p.from.close();
                    p.to.close();
                }
                return;
            }
            synchronized (appliedMs) {
                appliedMs.add((System.nanoTime() - c.readAt()) / 1e6);
            }
            chunks.incrementAndGet();
            while (c.data().hasRemaining()) {
                if (p.to.write(c.data()) == 0) {
                    LockSupport.parkNanos(50_000); // the receiver's buffer is full: it reads soon
                }
            }
        } catch (IOException e) {
            closeQuietly(p.from);
            closeQuietly(p.to);
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        selector.close();
        synchronized (channels) {
            channels.forEach(JitterRelay::closeQuietly);
        }
        for (Thread t : threads) {
            t.interrupt();
        }
    }
}
