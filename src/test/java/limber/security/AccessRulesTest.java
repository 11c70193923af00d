package limber.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class AccessRulesTest {
    private static final String HASH = "$7$unused";

    @Test
    void anObserverReadsEverythingUnderV1AndWritesNothing() {
        AccessRules observer = AccessRules.of(new Credential("tour", "observer", null, HASH));
        for (String filter : List.of("limber/v1/#", "limber/v1/zones/main-floor/cue", "limber/v1/zones/+/session",
                "limber/v1/devices/watch-1/acks", "limber/v1/time/display-7/pong", "limber/v1/engine/status")) {
            assertTrue(observer.mayRead(filter), filter);
        }
        assertFalse(observer.mayRead("#"), "nothing outside limber/v1");
        assertFalse(observer.mayRead("other/app/topic"));
        for (String topic : List.of("limber/v1/devices/tour/events", "limber/v1/devices/tour/status",
                "limber/v1/time/tour/ping", "limber/v1/zones/main-floor/cue", "limber/v1/engine/status")) {
            assertFalse(observer.mayWrite(topic), topic);
        }
    }

    @Test
    void theMosquittoAclGivesAnObserverOneReadLineAndNoWrite() {
        String acl = MosquittoFiles.acl(List.of(new Credential("tour", "observer", null, HASH),
                new Credential("watch-1", "watch", "main-floor", HASH)));
        assertTrue(acl.contains("\nuser tour\ntopic read limber/v1/#\n\nuser watch-1\n"), acl);
    }

    @Test
    void refusedPublishesAreNamedByAFewFixedReasons() {
        assertEquals("other_device", WriteRefusal.reason("watch-1", "limber/v1/devices/watch-2/events"));
        assertEquals("other_device", WriteRefusal.reason("watch-1", "limber/v1/time/watch-2/ping"));
        assertEquals("engine_only", WriteRefusal.reason("watch-1", "limber/v1/zones/main-floor/cue"));
        assertEquals("engine_only", WriteRefusal.reason("watch-1", "limber/v1/devices/watch-1/acks"));
        assertEquals("engine_only", WriteRefusal.reason("watch-1", "limber/v1/engine/status"));
        assertEquals("not_for_role", WriteRefusal.reason("display-1", "limber/v1/devices/display-1/events"));
        assertEquals("unknown_topic", WriteRefusal.reason("watch-1", "limber/v1/devices/watch-1/state"));
        assertEquals("unknown_topic", WriteRefusal.reason("watch-1", "limber/v2/devices/watch-1/events"));
        assertEquals("unknown_topic", WriteRefusal.reason("watch-1", "x"));
        assertEquals("unknown_topic", WriteRefusal.reason(null, "limber/v1/devices/a/b/events"));
    }
}
