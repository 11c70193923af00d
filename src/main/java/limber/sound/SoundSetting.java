package limber.sound;

import java.util.Locale;

/**
 * What a zone's wall screens play: nothing, tones only, or tones with spoken prompts, at a volume of
 * 0 to 100. {@code changedBy} is the trainer who set it (null for the default no one chose).
 */
public record SoundSetting(String zone, Mode mode, int volume, String changedBy, long changedAt) {
    public static final int MAX_VOLUME = 100;
    /** Loud enough to hear across a room with music on, with headroom left for a trainer to raise it. */
    public static final int DEFAULT_VOLUME = 80;

    public enum Mode {
        OFF, TONES, VOICE;

        /** The word on the wire and in the API. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode for a wire word, or null if it is none of them. */
        public static Mode of(String word) {
            for (Mode m : values()) {
                if (m.word().equals(word)) {
                    return m;
                }
            }
            return null;
        }
    }

    public SoundSetting {
        if (volume < 0 || volume > MAX_VOLUME) {
            throw new IllegalArgumentException("volume " + volume + " is outside 0.." + MAX_VOLUME);
        }
    }

    /** A zone no trainer has set: tones and voice, so a new floor is not silent by surprise. */
    public static SoundSetting initial(String zone) {
        return new SoundSetting(zone, Mode.VOICE, DEFAULT_VOLUME, null, 0);
    }
}
