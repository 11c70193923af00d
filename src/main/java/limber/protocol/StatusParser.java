package limber.protocol;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/** Parses {@code limber/v1/devices/{id}/status}: {@code {"state":"online","kind":"watch","zone":"main-floor"}}. */
public final class StatusParser {
    private static final int MAX_BYTES = 512;

    private StatusParser() {
    }

    public static Parsed<DeviceStatus> parse(String deviceId, byte[] payload, long now) {
        if (deviceId == null || !DeviceEventParser.ID.matcher(deviceId).matches()) {
            return Parsed.reject(Rejection.BAD_DEVICE_ID, "device id must match " + DeviceEventParser.ID.pattern());
        }
        if (payload.length > MAX_BYTES) {
            return Parsed.reject(Rejection.TOO_LARGE, payload.length + " bytes > " + MAX_BYTES);
        }
        JsonNode n;
        try {
            n = Wire.JSON.readTree(payload);
        } catch (IOException | RuntimeException e) {
            return Parsed.reject(Rejection.NOT_JSON, "status is not JSON");
        }
        if (n == null || !n.isObject()) {
            return Parsed.reject(Rejection.NOT_AN_OBJECT, "status must be a JSON object");
        }
        DeviceStatus.State state = enumOf(DeviceStatus.State.class, n.get("state"));
        DeviceStatus.Kind kind = enumOf(DeviceStatus.Kind.class, n.get("kind"));
        if (state == null) {
            return Parsed.reject(Rejection.BAD_VALUE, "'state' must be online or offline");
        }
        if (kind == null) {
            return Parsed.reject(Rejection.BAD_VALUE, "'kind' must be display, watch or trainer");
        }
        JsonNode zone = n.get("zone");
        if (zone != null && !zone.isNull() && !zone.isTextual()) {
            return Parsed.reject(Rejection.WRONG_TYPE, "'zone' must be a string");
        }
        String z = zone == null || zone.isNull() ? null : zone.textValue();
        return new Parsed.Ok<>(new DeviceStatus(deviceId, state, kind, z, now));
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, JsonNode n) {
        if (n == null || !n.isTextual()) {
            return null;
        }
        try {
            return Enum.valueOf(type, n.textValue().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
