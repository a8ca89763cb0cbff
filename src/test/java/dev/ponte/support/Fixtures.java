package dev.ponte.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The providers' sample payloads, byte for byte as the providers document them: {@code src/test/resources/fixtures/
 * <provider>/*.json}, and {@code abacatepay-signatures.json} (AbacatePay's published signature of each file).
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** The fixtures folder (run from the project's root, as Maven runs the tests). */
    public static Path root() {
        Path dir = Path.of("src", "test", "resources", "fixtures");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("fixtures not found (looked in " + dir.toAbsolutePath() + ")");
        }
        return dir;
    }

    public static Path dir(String provider) {
        return root().resolve(provider);
    }

    /** File names of a provider's fixtures, sorted. */
    public static List<String> names(String provider) {
        try (Stream<Path> files = Files.list(dir(provider))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String provider, String name) {
        try {
            return Files.readAllBytes(dir(provider).resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
