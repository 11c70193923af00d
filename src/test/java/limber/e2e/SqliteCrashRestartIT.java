package limber.e2e;

class SqliteCrashRestartIT extends CrashRestartChecks {
    @Override
    String[] storeArgs() {
        return new String[0]; // the default: a SQLite file in the engine's data folder
    }
}
