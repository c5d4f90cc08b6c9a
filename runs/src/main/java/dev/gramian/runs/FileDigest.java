package dev.gramian.runs;

import dev.gramian.api.GramianException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests, in lower-case hex, of the files a run depends on (data, init checkpoint), which
 * config.json records.
 */
public final class FileDigest {
    private FileDigest() {
    }

    /** The digest of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The digest of the file's content. */
    public static String sha256(Path file) {
        try {
            return sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw GramianException.input(file.toString(), 0, "cannot read (" + e + ")");
        }
    }
}
