package dev.ponte.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The provider sample payloads of {@code ../shared/fixtures/<provider>/}, byte for byte. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path sharedDir() {
        String configured = System.getProperty("ponte.shared.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "shared");
        if (!Files.isDirectory(dir.resolve("fixtures"))) {
            throw new IllegalStateException("../shared/fixtures not found (looked in " + dir.toAbsolutePath() + ")");
        }
        return dir;
    }

    public static Path dir(String provider) {
        return sharedDir().resolve("fixtures").resolve(provider);
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
