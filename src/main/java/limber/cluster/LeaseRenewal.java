package limber.cluster;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.store.DatabaseThread;

/**
 * This instance's liveness in the journal database. Every {@code renewMs} (more often for a while
 * after an instance left the Hazelcast membership) it renews on its own connection and thread, so
 * a claim waiting on a row lock never delays it, and hands the leases it read on. Between renewals
 * the instance trusts its leases only until its last successful renewal is almost a lease old:
 * past that it publishes nothing (self-fencing), because another instance may be taking over.
 */
final class LeaseRenewal {
    private static final Logger LOG = LoggerFactory.getLogger(ZoneOwnership.class);
    /** How often the (in-memory) member list is checked; a lost member speeds up lease checks. */
    private static final long MEMBER_CHECK_MS = 200;

    private final ZoneOwnership.Wiring w;
    private final String node;
    private final Consumer<LeaseStore.View> renewed;
    private final DatabaseThread renewThread;
    private boolean ticking;
    private Set<String> lastMembers = Set.of();
    private long fastUntil;
    private boolean stopped;
    private long periodic = -1;
    private long lastTick;
    private long lastRenewed = -1;
    /** System.nanoTime() up to which this instance's leases are certainly still its own. */
    private long confirmedUntil = Long.MIN_VALUE;

    /** {@code renewed} gets, on the event loop, what each successful renewal read. */
    LeaseRenewal(ZoneOwnership.Wiring w, Consumer<LeaseStore.View> renewed) {
        this.w = w;
        this.node = w.node();
        this.renewed = renewed;
        this.renewThread = new DatabaseThread(w.vertx(), "limber-renew-" + node);
    }

    /**
     * Whether this instance may speak for its zones right now: its last renewal started less than
     * a lease (minus a margin) ago, so no other instance can have claimed them yet.
     */
    boolean confirmed() {
        return System.nanoTime() - confirmedUntil <= 0;
    }

    /** Whether this instance renewed its liveness within the lease time. */
    boolean renewedRecently() {
        return lastRenewed >= 0 && System.currentTimeMillis() - lastRenewed <= w.cluster().leaseMs();
    }

    /** Renews now, then on schedule. */
    void start() {
        tick();
        periodic = w.vertx().setPeriodic(MEMBER_CHECK_MS, id -> {
            long now = System.currentTimeMillis();
            Set<String> members = Set.copyOf(w.members().get());
            if (!members.containsAll(lastMembers)) {
                // an instance left: look at the leases often until its zones can be claimed
                fastUntil = now + w.cluster().leaseMs() + w.cluster().renewMs();
            }
            lastMembers = members;
            if (now < fastUntil || now - lastTick >= w.cluster().renewMs()) {
                tick();
            }
        });
    }

    /** No more renewals, and a renewal still running is not handed on. */
    void stop() {
        stopped = true;
        if (periodic >= 0) {
            w.vertx().cancelTimer(periodic);
        }
    }

    Future<Void> close() {
        return renewThread.close();
    }

    private void tick() {
        if (ticking || stopped) {
            return; // the database is slow; the next tick comes soon enough
        }
        ticking = true;
        lastTick = System.currentTimeMillis();
        long startedAt = System.nanoTime();
        renewThread.run(() -> w.renewals().renew(node, w.instance(), w.cluster().leaseMs()))
                .onComplete(ar -> {
                    ticking = false;
                    if (stopped) {
                        return;
                    }
                    if (ar.failed()) {
                        LOG.warn("cluster: cannot renew in the journal database: {}", ar.cause().getMessage());
                        return;
                    }
                    // the others count from when the database saw the renewal, which is after it started
                    long margin = Math.min(w.cluster().renewMs(), w.cluster().leaseMs() / 4);
                    confirmedUntil = startedAt + TimeUnit.MILLISECONDS.toNanos(w.cluster().leaseMs() - margin);
                    lastRenewed = System.currentTimeMillis();
                    renewed.accept(ar.result());
                });
    }
}
