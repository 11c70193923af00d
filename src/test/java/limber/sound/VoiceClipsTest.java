package limber.sound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import limber.config.ConfigLoader;
import limber.config.Settings;
import limber.routine.Stretch;

/**
 * Every stretch the project ships has a spoken clip in displays/sounds (made by scripts/make-voice.sh),
 * and the script makes one for a stretch an operator adds, where espeak-ng is installed.
 */
class VoiceClipsTest {
    private static final Path SOUNDS = Path.of("displays", "sounds");

    @Test
    void everyShippedStretchAndPromptHasAClip() throws Exception {
        Settings shipped = ConfigLoader.load(new String[] {"--config-dir=config"}, Map.of());
        JsonNode clips = new ObjectMapper().readTree(SOUNDS.resolve("manifest.json").toFile()).get("clips");
        List<String> missing = new ArrayList<>();
        for (Stretch s : shipped.catalog().stretches()) {
            if (!playable(clips, "stretch:" + s.id())) {
                missing.add(s.id());
            }
        }
        for (String prompt : List.of("prompt:switch", "prompt:rest", "prompt:done")) {
            if (!playable(clips, prompt)) {
                missing.add(prompt);
            }
        }
        assertEquals(List.of(), missing, "no voice clip: run scripts/make-voice.sh and commit displays/sounds");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theScriptMakesAClipForAStretchAnOperatorAdds(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/espeak-ng")) && Files.isExecutable(Path.of("/usr/bin/sox")),
                "espeak-ng and sox are not installed here");
        Path catalog = dir.resolve("stretches.yaml");
        Files.writeString(catalog, """
                stretches:
                  - id: neck-tilt
                    name: "Seated Neck Tilt"
                """);
        Path out = dir.resolve("sounds");
        ProcessBuilder pb = new ProcessBuilder("scripts/make-voice.sh", catalog.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile());
        pb.environment().put("LIMBER_SOUNDS_DIR", out.toString());
        Process run = pb.start();
        assertTrue(run.waitFor(50, TimeUnit.SECONDS), "make-voice.sh took too long");
        assertEquals(0, run.exitValue(), Files.readString(dir.resolve("log.txt")));
        JsonNode clips = new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("clips");
        assertEquals("stretch-neck-tilt.ogg", clips.path("stretch:neck-tilt").asText());
        assertTrue(Files.size(out.resolve("stretch-neck-tilt.ogg")) > 1000, "a clip with sound in it");
    }

    private static boolean playable(JsonNode clips, String key) throws Exception {
        JsonNode file = clips.get(key);
        return file != null && Files.isRegularFile(SOUNDS.resolve(file.asText()))
                && Files.size(SOUNDS.resolve(file.asText())) > 1000;
    }
}
