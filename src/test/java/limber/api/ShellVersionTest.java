package limber.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installed shells' cache key changes exactly when a page file does. */
class ShellVersionTest {
    @Test
    void changesWithAnyPageFileAndOnlyThen(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("watch"));
        Files.writeString(root.resolve("watch/watch.js"), "let a = 1;");
        Files.writeString(root.resolve("index.html"), "<p>hi</p>");
        String first = ShellVersion.of(root);
        assertEquals(first, ShellVersion.of(root));
        Files.writeString(root.resolve("watch/watch.js"), "let a = 2;");
        String second = ShellVersion.of(root);
        assertNotEquals(first, second);
        Files.move(root.resolve("index.html"), root.resolve("other.html"));
        String third = ShellVersion.of(root);
        assertNotEquals(second, third, "a renamed file counts");
        Files.createDirectories(root.resolve("screenshots"));
        Files.writeString(root.resolve("screenshots/watch.png"), "new picture");
        Files.writeString(root.resolve("README.md"), "docs");
        assertEquals(third, ShellVersion.of(root), "screenshots and docs are not part of any page");
    }
}
