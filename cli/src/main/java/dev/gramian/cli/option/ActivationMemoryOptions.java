package dev.gramian.cli.option;

import dev.gramian.api.GramianException;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --activation-memory MIB}: how much activation memory one language-model run may keep for
 * its backward pass (the backend's {@code activation_memory_mb}). A batch over it runs in pieces, a
 * pair over it sequence by sequence; a larger budget runs a big model's pairs whole, faster and with
 * more memory. The results do not depend on it beyond float rounding of the summed pieces.
 */
public final class ActivationMemoryOptions {
    /** The backend option the flag sets. */
    static final String KEY = "activation_memory_mb";

    @Option(names = "--activation-memory", paramLabel = "MIB",
            description = "The most memory (MiB) one run keeps for its backward pass (the backend's "
                    + "activation_memory_mb; default: the backend's, 512): a batch over it runs in pieces, a pair "
                    + "over it sequence by sequence. Larger is faster on big models and takes more memory.")
    private Integer megabytes;

    /** {@code others} and, where the flag was given, the activation memory it asks for. */
    public Map<String, String> backendOptions(Map<String, String> others) {
        Map<String, String> options = new LinkedHashMap<>(others);
        if (megabytes != null) {
            if (megabytes < 1) {
                throw GramianException.usage("--activation-memory must be at least 1 (MiB), got " + megabytes);
            }
            options.put(KEY, Integer.toString(megabytes));
        }
        return Map.copyOf(options);
    }
}
