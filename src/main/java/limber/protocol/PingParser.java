package limber.protocol;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Parses a clock-sync ping {@code {"t0": <device ms>}}, with optional numbers {@code offsetMs} and
 * {@code rttMs} (the device's own view of its sync, finite, at most a day); anything else is rejected.
 */
public final class PingParser {
    private static final int MAX_BYTES = 256;

    private PingParser() {
    }

    public static Parsed<Ping> parse(byte[] payload) {
        if (payload.length > MAX_BYTES) {
            return Parsed.reject(Rejection.TOO_LARGE, payload.length + " bytes > " + MAX_BYTES);
        }
        JsonNode n;
        try {
            n = Wire.JSON.readTree(payload);
        } catch (IOException | RuntimeException e) {
            return Parsed.reject(Rejection.NOT_JSON, "ping is not JSON");
        }
        if (n == null || !n.isObject()) {
            return Parsed.reject(Rejection.NOT_AN_OBJECT, "ping must be a JSON object");
        }
        JsonNode t0 = n.get("t0");
        if (t0 == null) {
            return Parsed.reject(Rejection.MISSING_FIELD, "'t0' is required");
        }
        if (!t0.isNumber()) {
            return Parsed.reject(Rejection.WRONG_TYPE, "'t0' must be a number");
        }
        Double offset = optional(n, "offsetMs");
        Double rtt = optional(n, "rttMs");
        if (Double.isNaN(offset == null ? 0 : offset) || Double.isNaN(rtt == null ? 0 : rtt)) {
            return Parsed.reject(Rejection.WRONG_TYPE, "'offsetMs' and 'rttMs' must be numbers within a day");
        }
        return new Parsed.Ok<>(new Ping(t0.asLong(), offset, rtt));
    }

    /** null when absent; NaN when present but not a sensible number. */
    private static Double optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || Math.abs(v.asDouble()) > 86_400_000) {
            return Double.NaN;
        }
        return v.asDouble();
    }
}
