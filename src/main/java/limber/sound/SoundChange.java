package limber.sound;

import java.util.Map;

/**
 * A trainer's requested change, checked before anything is stored: {@code mode} and {@code volume}
 * may each be left out (kept as they are), but what is given must be exactly right, and nothing else
 * may be in the body, so a typo ("volum") is refused rather than silently ignored.
 */
public sealed interface SoundChange {
    record Valid(SoundSetting.Mode mode, Integer volume) implements SoundChange {
    }

    /** {@code reason}: a short stable code for metrics and programs; {@code message}: for people. */
    record Invalid(String reason, String message) implements SoundChange {
    }

    static SoundChange parse(Map<String, Object> body) {
        for (String key : body.keySet()) {
            if (!key.equals("mode") && !key.equals("volume")) {
                return new Invalid("unknown_field", "unknown field '" + key + "': only mode and volume can be set");
            }
        }
        Object m = body.get("mode");
        Object v = body.get("volume");
        if (m == null && v == null) {
            return new Invalid("empty_change", "give mode (off, tones or voice) and/or volume (0 to 100)");
        }
        SoundSetting.Mode mode = null;
        if (m != null) {
            mode = m instanceof String s ? SoundSetting.Mode.of(s) : null;
            if (mode == null) {
                return new Invalid("bad_mode", "mode must be \"off\", \"tones\" or \"voice\" (tones and spoken prompts)");
            }
        }
        Integer volume = null;
        if (v != null) {
            if (!(v instanceof Integer i) || i < 0 || i > SoundSetting.MAX_VOLUME) {
                return new Invalid("bad_volume", "volume must be a whole number from 0 to " + SoundSetting.MAX_VOLUME);
            }
            volume = i;
        }
        return new Valid(mode, volume);
    }
}
