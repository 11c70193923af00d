package limber.e2e;

class SqliteCrashRestartTest extends CrashRestartTest {
    @Override
    String[] storeArgs() {
        return new String[0]; // the default: a SQLite file in the engine's data folder
    }
}
