package limber.e2e;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.config.LimberConfig;
import limber.testing.EngineFixture;

/**
 * Sessions whose timelines ran out while the engine was down get their planned end when it starts
 * again: the instant the timeline ended (a stop's effective instant for a stopped one), so they
 * show a duration and retention can prune them. A session still paused stays open.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class PlannedEndChecks {
    /** The journal the engine is about to open. */
    abstract LimberConfig.Store store() throws Exception;

    /** Engine arguments that point it at {@link #store()}. */
    abstract String[] storeArgs() throws Exception;

    @Test
    void sessionsThatEndedWhileTheEngineWasDownGetTheirPlannedEndOnStart() throws Exception {
        DowntimeJournal journal = new DowntimeJournal(System.currentTimeMillis(), "studio-b", "main-floor");
        journal.writeTo(store());
        try (EngineFixture engine = EngineFixture.embedded(storeArgs())) {
            journal.awaitEnds(new Http(engine.api()));
        }
    }
}
