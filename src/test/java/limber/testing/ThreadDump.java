package limber.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/** Every thread's stack on stderr, for a wait that ran out: the test output then shows what hung. */
public final class ThreadDump {
    private ThreadDump() {
    }

    public static void toStderr(String why) {
        StringBuilder out = new StringBuilder("=== thread dump: ").append(why).append('\n');
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState()).append('\n');
            for (StackTraceElement frame : t.getStackTrace()) {
                out.append("    at ").append(frame).append('\n');
            }
        }
        System.err.print(out);
    }
}
