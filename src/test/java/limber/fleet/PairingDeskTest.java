package limber.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Pairing codes on a hand-driven clock: single use, expiry, and the limits on asking and guessing. */
class PairingDeskTest {
    private final PairingDesk desk = new PairingDesk();
    private final List<PairingDesk.Outcome> heard = new ArrayList<>();

    @Test
    void aCodeIsUsedOnceAndTypedLoosely() throws Exception {
        PairingDesk.Waiting w = desk.open("10.0.0.5", "display", 0, heard::add);
        assertTrue(w.code().matches("[" + PairingCode.ALPHABET + "]{6}"), w.code());
        String typed = " " + w.code().substring(0, 3).toLowerCase() + "-" + w.code().substring(3);
        assertEquals(w, desk.claim("admin", typed, 1_000));
        assertNull(desk.claim("admin", w.code(), 2_000), "already used");
    }

    @Test
    void anUnclaimedCodeExpiresAfterTenMinutesAndTheDeviceHearsIt() throws Exception {
        PairingDesk.Waiting w = desk.open("10.0.0.5", "watch", 0, heard::add);
        desk.expire(PairingDesk.VALID_MS - 1);
        assertTrue(heard.isEmpty());
        assertTrue(desk.isWaiting(w.code(), PairingDesk.VALID_MS - 1));
        desk.expire(PairingDesk.VALID_MS);
        assertEquals(List.of(new PairingDesk.Outcome.Expired()), heard);
        assertNull(desk.claim("admin", w.code(), PairingDesk.VALID_MS + 1));
    }

    @Test
    void oneSourceGetsFiveCodesThenOneAMinute() throws Exception {
        for (int i = 0; i < 5; i++) {
            desk.open("10.0.0.9", "display", 0, heard::add);
        }
        PairingDesk.Refused r = assertThrows(PairingDesk.Refused.class, () -> desk.open("10.0.0.9", "display", 0, heard::add));
        assertTrue(r.retryAfterMs() > 0 && r.retryAfterMs() <= 60_000, Long.toString(r.retryAfterMs()));
        assertNotNull(desk.open("10.0.0.10", "display", 0, heard::add), "another source is not affected");
        assertNotNull(desk.open("10.0.0.9", "display", 60_000, heard::add));
    }

    @Test
    void wrongCodesAreLimitedPerTrainerAndThenEvenARightOneWaits() throws Exception {
        PairingDesk.Waiting w = desk.open("10.0.0.5", "display", 0, heard::add);
        String wrong = w.code().equals("AAAAAA") ? "BBBBBB" : "AAAAAA";
        for (int i = 0; i < 10; i++) {
            assertNull(desk.claim("sam", wrong, 0));
        }
        assertThrows(PairingDesk.Refused.class, () -> desk.claim("sam", w.code(), 0));
        assertEquals(w, desk.claim("sam", w.code(), 6_000), "one more try after 6 s");
    }

    @Test
    void aDeviceWhosePairingCouldNotBeSavedWaitsAgain() throws Exception {
        PairingDesk.Waiting w = desk.open("10.0.0.5", "display", 0, heard::add);
        assertEquals(w, desk.claim("admin", w.code(), 0));
        desk.putBack(w);
        assertEquals(w, desk.claim("admin", w.code(), 0));
    }
}
