package limber.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Strict parser for {@code limber/v1/devices/{id}/events}. Never throws: every input becomes an
 * event or a {@link Rejection}. Unknown fields are refused so a typo on a device is found at once
 * instead of silently losing data.
 */
public final class DeviceEventParser {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Set<String> FIELDS = Set.of("eventId", "type", "zone", "sessionId", "stepIndex", "at");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxBytes;

    public DeviceEventParser(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Parsed<DeviceEvent> parse(String deviceId, byte[] payload) {
        if (deviceId == null || !ID.matcher(deviceId).matches()) {
            return Parsed.reject(Rejection.BAD_DEVICE_ID, "device id must match " + ID.pattern());
        }
        if (payload.length > maxBytes) {
            return Parsed.reject(Rejection.TOO_LARGE, payload.length + " bytes > " + maxBytes);
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Parsed.reject(Rejection.NOT_JSON, "payload is not JSON");
        }
        if (root == null || !root.isObject()) {
            return Parsed.reject(Rejection.NOT_AN_OBJECT, "payload must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                return Parsed.reject(Rejection.UNKNOWN_FIELD, "unknown field '" + clip(f) + "'");
            }
        }
        Fields f = new Fields(root);
        String eventId = f.text("eventId");
        String typeName = f.text("type");
        String zone = f.text("zone");
        if (f.problem != null) {
            return f.problem();
        }
        if (!ID.matcher(eventId).matches()) {
            return Parsed.reject(Rejection.BAD_VALUE, "eventId must match " + ID.pattern());
        }
        DeviceEvent.Type type;
        try {
            type = DeviceEvent.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Parsed.reject(Rejection.BAD_VALUE, "type must be join, done, skip, pain or leave");
        }
        long at = f.optionalLong("at", 0);
        String sessionId = null;
        int stepIndex = -1;
        if (type.aboutAStep()) {
            sessionId = f.text("sessionId");
            stepIndex = (int) f.integer("stepIndex", 0, 10_000);
        } else if (root.has("sessionId")) {
            sessionId = f.text("sessionId");
        }
        if (f.problem != null) {
            return f.problem();
        }
        return new Parsed.Ok<>(new DeviceEvent(deviceId, eventId, type, zone, sessionId, stepIndex, at));
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** Field reader that records the first problem instead of throwing. */
    private static final class Fields {
        private final JsonNode root;
        private Rejection problem;
        private String detail;

        Fields(JsonNode root) {
            this.root = root;
        }

        String text(String name) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                fail(Rejection.MISSING_FIELD, "'" + name + "' is required");
                return "";
            }
            if (!n.isTextual()) {
                fail(Rejection.WRONG_TYPE, "'" + name + "' must be a string");
                return "";
            }
            if (n.textValue().length() > 64) {
                fail(Rejection.BAD_VALUE, "'" + name + "' is longer than 64 characters");
            }
            return n.textValue();
        }

        long integer(String name, long min, long max) {
            JsonNode n = root.get(name);
            if (n == null || n.isNull()) {
                fail(Rejection.MISSING_FIELD, "'" + name + "' is required");
                return min;
            }
            if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                fail(Rejection.WRONG_TYPE, "'" + name + "' must be an integer");
                return min;
            }
            long v = n.longValue();
            if (v < min || v > max) {
                fail(Rejection.BAD_VALUE, "'" + name + "' must be " + min + ".." + max);
                return min;
            }
            return v;
        }

        long optionalLong(String name, long fallback) {
            return root.has(name) ? integer(name, 0, Long.MAX_VALUE) : fallback;
        }

        private void fail(Rejection r, String d) {
            if (problem == null) {
                problem = r;
                detail = d;
            }
        }

        <T> Parsed<T> problem() {
            return Parsed.reject(problem, detail);
        }
    }
}
