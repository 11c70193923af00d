package limber.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The journal's fence: inside a batch's transaction, which of its entries were made under the
 * zone's current lease. The lease rows are read FOR SHARE, so an instance taking a zone over waits
 * for the batch and then reads everything it wrote.
 */
final class LeaseFence {
    private LeaseFence() {
    }

    /** "zone\nfence" keys of the batch whose fence still matches the zone's lease (locked FOR SHARE). */
    static Set<String> stillOwned(Connection db, Dialect dialect, List<JournalEntry> batch, List<Fence> fences)
            throws SQLException {
        Set<String> asked = new HashSet<>();
        Set<String> owned = new HashSet<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT epoch, owner FROM zone_lease WHERE zone = ?"
                + dialect.lockShared())) {
            for (int i = 0; i < batch.size(); i++) {
                String zone = batch.get(i).zone();
                Fence f = fences.get(i);
                String key = zone + "\n" + f;
                if (!asked.add(key)) {
                    continue;
                }
                ps.setString(1, zone);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) == f.epoch() && f.owner().equals(rs.getString(2))) {
                        owned.add(key);
                    }
                }
            }
        }
        return owned;
    }

}
