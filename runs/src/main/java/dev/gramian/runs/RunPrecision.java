package dev.gramian.runs;

import dev.gramian.api.GramianException;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The precision of a run's matrix products, as {@code --precision} names it and {@code config.json}
 * records it under {@link #KEY}: {@code fp32}, or {@code bf16} (the backend option
 * {@code precision=bfloat16}: bfloat16 operands, float32 accumulation, master weights, optimiser
 * state, log-softmax and losses). Where the CPU has neither AMX nor AVX-512 BF16 the backend runs a
 * {@code bf16} run in float32 and says so once ({@link Provenance#backend(dev.gramian.api.plugin.PluginCatalog,
 * Map, java.util.function.Consumer)}); the run still records {@code bf16}, what was asked.
 */
public enum RunPrecision {
    /** Everything in float32: the default. */
    FP32("fp32", "float32"),
    /** Matrix products in bfloat16, the rest in float32. */
    BF16("bf16", "bfloat16");

    /** The key of {@code config.json}'s header that records the precision. */
    public static final String KEY = "precision";
    /** The backend option that selects the graphs' floating type. */
    static final String BACKEND_OPTION = "precision";

    private final String label;
    private final String backendValue;

    RunPrecision(String label, String backendValue) {
        this.label = label;
        this.backendValue = backendValue;
    }

    /** The option's and config.json's spelling: {@code fp32} or {@code bf16}. */
    public String label() {
        return label;
    }

    /** The backend option's value: {@code float32} or {@code bfloat16}. */
    public String backendValue() {
        return backendValue;
    }

    /**
     * Parses {@code --precision}'s value: {@code fp32} or {@code bf16}, also spelt {@code float32} and
     * {@code bfloat16} as the backend option and {@code bench gram} take them; case is ignored.
     *
     * @throws GramianException (usage) naming the option, the value and the valid ones
     */
    public static RunPrecision parse(String value) {
        return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            default -> throw GramianException.usage("--precision takes fp32 or bf16 (also spelt float32, "
                    + "bfloat16), not '" + value + "'");
        };
    }

    /**
     * {@code others} with this precision's backend option: {@code others} itself for {@link #FP32}, so
     * that a float32 run's backend and config.json read as before the option existed.
     */
    public Map<String, String> backendOptions(Map<String, String> others) {
        if (this == FP32) {
            return Map.copyOf(others);
        }
        Map<String, String> options = new HashMap<>(others);
        options.put(BACKEND_OPTION, backendValue);
        return Map.copyOf(options);
    }

    /** The precision that {@code backendOptions} ask for: {@link #BF16} for {@code precision=bfloat16}, else {@link #FP32}. */
    public static RunPrecision of(Map<String, String> backendOptions) {
        return BF16.backendValue.equals(backendOptions.get(BACKEND_OPTION)) ? BF16 : FP32;
    }

    /** The precision a recorded {@code config.json} names; {@link #FP32} for runs recorded before the key existed. */
    static String recorded(com.fasterxml.jackson.databind.JsonNode config) {
        return config.path(KEY).asText(FP32.label);
    }
}
