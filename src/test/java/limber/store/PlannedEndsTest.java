package limber.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import limber.session.Anchor;
import limber.session.Session;

/** Planned ends on a SQLite file: a session that cannot be read keeps no other session open. */
class PlannedEndsTest {
    @TempDir
    Path dir;

    @Test
    void anUnreadableSessionIsPassedOver() throws Exception {
        try (TempSqlite db = new TempSqlite(dir)) {
            Session s = JournalStoreContract.session("good", 1, List.of(new Anchor(1000, Anchor.Status.RUNNING, 0, 0, 0)));
            db.write(List.of(new JournalEntry.SessionStarted("broken", "zone-a", "r", "Routine", "{}", 700, 1, "[]"),
                    new JournalEntry.SessionStarted("good", "zone-a", "r", "Routine", JournalSessionLog.json(s.plan()), 700,
                            1, JournalSessionLog.json(s.anchors()))));
            assertEquals(List.of(new JournalEntry.SessionEnded("good", "zone-a", 39_000, "finished")),
                    new PlannedEnds(db.tx).due(null, 100_000));
        }
    }
}
