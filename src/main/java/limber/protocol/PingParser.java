package limber.protocol;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

/** Parses a clock-sync ping {@code {"t0": <device ms>}}; anything else is rejected. */
public final class PingParser {
    private static final int MAX_BYTES = 256;

    private PingParser() {
    }

    public static Parsed<Long> parse(byte[] payload) {
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
        return new Parsed.Ok<>(t0.asLong());
    }
}
