package dev.gramian.runtime.tensorflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The instruction-set flags of this machine's CPU as Linux lists them in {@code /proc/cpuinfo}
 * (empty elsewhere), and what they allow: bfloat16 matrix products run fast through oneDNN only on
 * AMX tiles ({@code amx_bf16}) or AVX-512 BF16 ({@code avx512_bf16}); without either TensorFlow
 * emulates them, slower than float32.
 *
 * @param flags the lower-case flags of the first processor entry
 */
record CpuFlags(Set<String> flags) {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** This machine's flags; empty when {@code /proc/cpuinfo} cannot be read. */
    static CpuFlags ofThisMachine() {
        try {
            return parse(Files.readString(CPUINFO));
        } catch (IOException | SecurityException e) {
            return new CpuFlags(Set.of());
        }
    }

    /** The flags of the first {@code flags : ...} line of a {@code /proc/cpuinfo} text. */
    static CpuFlags parse(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                Set<String> flags = new TreeSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
                flags.remove("");
                return new CpuFlags(Set.copyOf(flags));
            }
        }
        return new CpuFlags(Set.of());
    }

    /** Whether bfloat16 matrix products have hardware here: AMX-BF16 or AVX-512 BF16. */
    boolean bfloat16Products() {
        return flags.contains("amx_bf16") || flags.contains("avx512_bf16");
    }
}
