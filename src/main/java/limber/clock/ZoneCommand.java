package limber.clock;

/** Trainer commands on a running session (start is separate: it needs a plan). */
public enum ZoneCommand { PAUSE, RESUME, SKIP, BACK, EXTEND, STOP }
