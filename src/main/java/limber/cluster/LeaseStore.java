package limber.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import limber.config.LimberConfig;
import limber.store.PostgresConnections;

/**
 * Zone leases and instance liveness in the shared PostgreSQL journal. Every decision about time
 * uses the database's clock, so a skewed instance clock cannot make a live owner look dead.
 * Blocking JDBC on its own connection; called from one worker thread only.
 */
public final class LeaseStore implements AutoCloseable {
    private static final String NOW_MS = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    /** What one renewal saw: every lease and the instances renewed within the lease time. */
    public record View(Map<String, Lease> leases, Set<String> liveNodes) {
    }

    private final Connection db;

    private LeaseStore(Connection db) {
        this.db = db;
    }

    /** A claim that won: the zone's new epoch, and how long its previous owner had been silent (0: none). */
    public record Claim(long epoch, long previousOwnerSilentMs) {
    }

    /**
     * Opens its own connection; the journal (schema migrations included) must have been opened
     * first. A lease row locked by a journal batch of a dying owner makes a claim give up after a
     * second rather than wait: the next reconcile tries again.
     */
    public static LeaseStore open(LimberConfig.Store cfg) throws SQLException {
        Connection c = PostgresConnections.open(cfg);
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '1s'");
        }
        c.commit();
        return new LeaseStore(c);
    }

    /** Says this instance is alive and reads every lease and every live instance. */
    public View renew(String node, String instance, long leaseMs) throws SQLException {
        try (PreparedStatement up = db.prepareStatement("INSERT INTO cluster_node (node_id, instance, renewed_ms)"
                + " VALUES (?, ?, " + NOW_MS + ") ON CONFLICT (node_id) DO UPDATE SET renewed_ms = " + NOW_MS);
             PreparedStatement leases = db.prepareStatement("SELECT zone, epoch, owner FROM zone_lease");
             PreparedStatement live = db.prepareStatement(
                     "SELECT node_id FROM cluster_node WHERE renewed_ms > " + NOW_MS + " - ?")) {
            up.setString(1, node);
            up.setString(2, instance);
            up.executeUpdate();
            Map<String, Lease> all = new HashMap<>();
            try (ResultSet rs = leases.executeQuery()) {
                while (rs.next()) {
                    all.put(rs.getString(1), new Lease(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
            Set<String> nodes = new HashSet<>();
            live.setLong(1, leaseMs);
            try (ResultSet rs = live.executeQuery()) {
                while (rs.next()) {
                    nodes.add(rs.getString(1));
                }
            }
            db.commit();
            return new View(all, nodes);
        } catch (SQLException e) {
            db.rollback();
            throw e;
        }
    }

    /**
     * Takes a zone if its lease is still at {@code seenEpoch} and has no owner, this instance, or an
     * owner that has not renewed within {@code leaseMs}. The new epoch is -1 if someone else was
     * faster or the owner is still alive. An owner that left cleanly (its row is gone) counts as
     * silent for 0 ms.
     */
    public Claim claim(String zone, String node, long seenEpoch, long leaseMs) throws SQLException {
        try (PreparedStatement ins = db.prepareStatement("INSERT INTO zone_lease (zone, epoch, owner, changed_ms)"
                + " VALUES (?, 0, NULL, " + NOW_MS + ") ON CONFLICT (zone) DO NOTHING");
             PreparedStatement silent = db.prepareStatement("SELECT COALESCE(" + NOW_MS + " - n.renewed_ms, 0)"
                     + " FROM zone_lease z LEFT JOIN cluster_node n ON n.node_id = z.owner WHERE z.zone = ?");
             PreparedStatement take = db.prepareStatement("UPDATE zone_lease SET epoch = epoch + 1, owner = ?,"
                     + " changed_ms = " + NOW_MS + " WHERE zone = ? AND epoch = ? AND (owner IS NULL OR owner = ? OR NOT EXISTS"
                     + " (SELECT 1 FROM cluster_node n WHERE n.node_id = zone_lease.owner AND n.renewed_ms > "
                     + NOW_MS + " - ?)) RETURNING epoch")) {
            ins.setString(1, zone);
            ins.executeUpdate();
            long silentMs = 0;
            silent.setString(1, zone);
            try (ResultSet rs = silent.executeQuery()) {
                if (rs.next()) {
                    silentMs = rs.getLong(1);
                }
            }
            take.setString(1, node);
            take.setString(2, zone);
            take.setLong(3, seenEpoch);
            take.setString(4, node); // a lease this instance holds but no longer runs (a lost reply): take it again
            take.setLong(5, leaseMs);
            long epoch = -1;
            try (ResultSet rs = take.executeQuery()) {
                if (rs.next()) {
                    epoch = rs.getLong(1);
                }
            }
            db.commit();
            return new Claim(epoch, silentMs);
        } catch (SQLException e) {
            db.rollback();
            throw e;
        }
    }

    /** Gives a zone up for hand-over; only the owner at that epoch can. */
    public boolean release(String zone, String node, long epoch) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("UPDATE zone_lease SET owner = NULL, changed_ms = " + NOW_MS
                + " WHERE zone = ? AND epoch = ? AND owner = ?")) {
            ps.setString(1, zone);
            ps.setLong(2, epoch);
            ps.setString(3, node);
            boolean released = ps.executeUpdate() > 0;
            db.commit();
            return released;
        } catch (SQLException e) {
            db.rollback();
            throw e;
        }
    }

    /** A clean stop: every zone of this instance is free at once and it no longer counts as alive. */
    public void leave(String node) throws SQLException {
        try (PreparedStatement free = db.prepareStatement("UPDATE zone_lease SET owner = NULL, changed_ms = " + NOW_MS
                + " WHERE owner = ?");
             PreparedStatement gone = db.prepareStatement("DELETE FROM cluster_node WHERE node_id = ?")) {
            free.setString(1, node);
            free.executeUpdate();
            gone.setString(1, node);
            gone.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
