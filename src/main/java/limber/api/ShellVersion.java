package limber.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The version of the pages this engine serves: a digest of every file under {@code displays/} that a
 * page can load (not the screenshots or the README beside them), so an upgrade that changes a page
 * file gives the installed watch and tablet shells a new cache, and one that changes none keeps theirs.
 */
final class ShellVersion {
    private ShellVersion() {
    }

    private static boolean documentation(Path relative) {
        return relative.startsWith("screenshots") || relative.toString().endsWith(".md");
    }

    static String of(Path root) {
        if (!Files.isDirectory(root)) {
            return "none";
        }
        try (Stream<Path> files = Files.walk(root)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            List<Path> sorted = files.filter(Files::isRegularFile).filter(f -> !documentation(root.relativize(f)))
                    .sorted().toList();
            for (Path f : sorted) {
                d.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                d.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(d.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pages in " + root, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
