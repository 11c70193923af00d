package limber.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads and upserts the zone_sound table (schema 6) on the journal's connection. */
final class SoundRows {
    private final Transactions tx;

    SoundRows(Transactions tx) {
        this.tx = tx;
    }

    List<StoredSound> all() throws SQLException {
        return tx.inTransaction(db -> {
            List<StoredSound> out = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT zone, mode, volume, changed_by, changed_at FROM zone_sound ORDER BY zone");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredSound(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5)));
                }
            }
            return out;
        });
    }

    void put(StoredSound s) throws SQLException {
        tx.inTransaction(db -> {
            try (PreparedStatement del = db.prepareStatement("DELETE FROM zone_sound WHERE zone = ?")) {
                del.setString(1, s.zone());
                del.executeUpdate();
            }
            try (PreparedStatement ps = db.prepareStatement(
                    "INSERT INTO zone_sound (zone, mode, volume, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, s.zone());
                ps.setString(2, s.mode());
                ps.setInt(3, s.volume());
                ps.setString(4, s.changedBy());
                ps.setLong(5, s.changedAt());
                ps.executeUpdate();
            }
            return null;
        });
    }
}
