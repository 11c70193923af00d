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
 * The version of the pages this engine serves: a digest of every file under {@code displays/}, so an
 * upgrade that changes any page file gives the installed watch and tablet shells a new cache, and one
 * that changes none keeps theirs. Computed once at start (a few milliseconds).
 */
final class ShellVersion {
    private ShellVersion() {
    }

    static String of(Path root) {
        if (!Files.isDirectory(root)) {
            return "none";
        }
        try (Stream<Path> files = Files.walk(root)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
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
