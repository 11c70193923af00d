package limber.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Reads and upserts the devices and trainers tables (schema 5) on the journal's connection. */
final class AccountRows {
    private final Transactions tx;

    AccountRows(Transactions tx) {
        this.tx = tx;
    }

    List<StoredDevice> devices() throws SQLException {
        return tx.inTransaction(db -> {
            List<StoredDevice> out = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement("SELECT device_id, role, zone, name, secret_hash, created_at,"
                    + " changed_at, revoked_at FROM devices ORDER BY device_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredDevice(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                }
            }
            return out;
        });
    }

    void putDevice(StoredDevice d) throws SQLException {
        tx.inTransaction(db -> {
            try (PreparedStatement del = db.prepareStatement("DELETE FROM devices WHERE device_id = ?")) {
                del.setString(1, d.id());
                del.executeUpdate();
            }
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO devices (device_id, role, zone, name, secret_hash,"
                    + " created_at, changed_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, d.id());
                ps.setString(2, d.role());
                ps.setString(3, d.zone());
                ps.setString(4, d.name());
                ps.setString(5, d.secretHash());
                ps.setLong(6, d.createdAt());
                ps.setLong(7, d.changedAt());
                if (d.revoked()) {
                    ps.setLong(8, d.revokedAt());
                } else {
                    ps.setNull(8, Types.BIGINT);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    List<StoredTrainer> trainers() throws SQLException {
        return tx.inTransaction(db -> {
            List<StoredTrainer> out = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT name, password_hash, admin, disabled, changed_at FROM trainers ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredTrainer(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getInt(4) != 0,
                            rs.getLong(5)));
                }
            }
            return out;
        });
    }

    void putTrainer(StoredTrainer t) throws SQLException {
        tx.inTransaction(db -> {
            try (PreparedStatement del = db.prepareStatement("DELETE FROM trainers WHERE name = ?")) {
                del.setString(1, t.name());
                del.executeUpdate();
            }
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO trainers (name, password_hash, admin, disabled, changed_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, t.name());
                ps.setString(2, t.passwordHash());
                ps.setInt(3, t.admin() ? 1 : 0);
                ps.setInt(4, t.disabled() ? 1 : 0);
                ps.setLong(5, t.changedAt());
                ps.executeUpdate();
            }
            return null;
        });
    }
}
