package dev.gramian.objectives.margin.loss;

import dev.gramian.api.GramianException;
import dev.gramian.api.plugin.LoadedPlugin;
import dev.gramian.api.plugin.OptionSpec;
import dev.gramian.api.plugin.OptionType;
import dev.gramian.api.plugin.Options;
import dev.gramian.api.plugin.PluginInfo;
import dev.gramian.api.plugin.PluginKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The providers as the catalog finds them: ids, options, defaults and validation (docs/science.md §1). */
class MarginLossProvidersTest {
    static final List<String> IDS = BuiltInLosses.IDS;

    /** The losses whose TRL formula reads the f-divergence's scores: every reference loss but apo-zero. */
    static final List<String> DIVERGENCE_IDS = BuiltInLosses.REFERENCE_IDS.stream()
            .filter(id -> !id.equals("apo-zero")).toList();

    /** The table's options and defaults, in declaration order. */
    private static final Map<String, Map<String, Object>> TABLE = table(
            "dpo", "beta=0.1 label_smoothing=0", "ipo", "beta=0.1", "hinge", "beta=0.1",
            "robust", "beta=0.1 label_smoothing=0.1", "rdpo", "beta=0.1 alpha=0.2", "dpop", "beta=0.1 lambda=50",
            "nca", "beta=0.1", "bco", "beta=0.1", "apo-zero", "beta=0.1", "sppo-hard", "beta=0.1",
            "simpo", "beta=2.0 gamma=0.5", "cpo", "beta=0.1 alpha=1.0", "orpo", "lambda=0.1",
            "rrhf", "alpha=1.0", "sft", "averaging=sequence", "exo", "beta=0.1 label_smoothing=0.001", "apo-down", "beta=0.1",
            "dpo-norm", "beta=0.1", "discopop", "beta=0.1 tau=0.05", "aot", "beta=0.1 label_smoothing=0",
            "aot-unpaired", "beta=0.1 label_smoothing=0");

    @Test
    void catalogHoldsEachLossExactlyOnce() {
        List<String> found = BuiltInLosses.CATALOG.plugins(PluginKind.OBJECTIVE).stream()
                .map(LoadedPlugin::id).sorted().toList();
        List<String> all = new ArrayList<>(IDS);
        all.addAll(BuiltInLosses.BATCH_IDS);
        assertEquals(all.stream().sorted().toList(), found);
        assertEquals(List.of(), BuiltInLosses.CATALOG.problems());
    }

    /** Every objective, margin and batch losses. */
    static final List<String> ALL_IDS = java.util.stream.Stream.concat(IDS.stream(), BuiltInLosses.BATCH_IDS.stream())
            .toList();

    @ParameterizedTest
    @FieldSource("ALL_IDS")
    void declaresTheTablesOptionsAndDefaults(String id) {
        PluginInfo info = info(id);
        assertEquals(PluginKind.OBJECTIVE, info.kind());
        List<String> keys = new ArrayList<>(TABLE.get(id).keySet());
        if (DIVERGENCE_IDS.contains(id)) {
            keys.addAll(List.of("divergence", "divergence_alpha"));
        }
        assertEquals(keys, info.options().stream().map(OptionSpec::key).toList());
        Options defaults = Options.defaults(info);
        TABLE.get(id).forEach((key, value) -> assertEquals(value, key.equals("averaging") ? defaults.string(key)
                : (Object) defaults.real(key), id + "." + key));
        assertFalse(info.summary().isBlank() || info.summary().contains("\n"), id + " summary");
        for (OptionSpec option : info.options()) {
            boolean choice = option.key().equals("divergence") || option.key().equals("averaging");
            assertEquals(choice ? OptionType.CHOICE : OptionType.REAL, option.type(), id + "." + option.key());
            assertFalse(option.description().isBlank(), id + "." + option.key());
        }
        if (DIVERGENCE_IDS.contains(id)) {
            assertEquals("reverse_kl", defaults.string("divergence"), id);
            assertEquals(0.5, defaults.real("divergence_alpha"), 0.0, id);
            assertEquals(List.of("reverse_kl", "forward_kl", "js", "alpha"), info.option("divergence").orElseThrow()
                    .choices(), id);
        }
    }

    @ParameterizedTest(name = "{0}: {1}={2}")
    @CsvSource({
            "dpo, beta, -0.1", "dpo, beta, 0", "dpo, beta, NaN", "dpo, beta, Infinity", "dpo, beta, abc",
            "dpo, label_smoothing, -0.01", "dpo, label_smoothing, 0.6",
            "robust, label_smoothing, 0.5", "robust, beta, 0",
            "ipo, beta, -1", "hinge, beta, 0", "rdpo, alpha, -0.2", "dpop, lambda, -1", "nca, beta, 0",
            "bco, beta, -2", "apo-zero, beta, 0", "sppo-hard, beta, -0.1", "simpo, gamma, -0.5", "simpo, beta, 0",
            "cpo, alpha, -1", "cpo, beta, 0", "orpo, lambda, -0.1", "rrhf, alpha, -1",
            "exo, label_smoothing, 0", "exo, label_smoothing, 0.5", "exo, beta, 0", "apo-down, beta, 0",
            "dpo-norm, beta, -1", "discopop, tau, 0", "discopop, tau, 1", "discopop, beta, 0",
            "dpo, divergence, js_divergence", "bco, divergence, KL", "exo, divergence_alpha, NaN",
            "ipo, divergence_alpha, Infinity"})
    void rejectsOutOfRangeValues(String id, String key, String value) {
        GramianException e = assertThrows(GramianException.class,
                () -> Options.resolve(info(id), Map.of(key, value)));
        assertEquals(GramianException.Category.USAGE, e.category());
        assertTrue(e.getMessage().contains(id) && e.getMessage().contains(key), e.getMessage());
    }

    @ParameterizedTest(name = "{0}: {1}={2}")
    @CsvSource({"dpo, label_smoothing, 0.5", "robust, label_smoothing, 0.49", "rdpo, alpha, 0", "dpop, lambda, 0",
            "simpo, gamma, 0", "cpo, alpha, 0", "orpo, lambda, 0", "rrhf, alpha, 0", "ipo, beta, 1e-6",
            "exo, label_smoothing, 1e-9", "exo, label_smoothing, 0.499", "discopop, tau, 0.999"})
    void acceptsBoundaryValues(String id, String key, String value) {
        var loss = BuiltInLosses.create(id, Map.of(key, value));
        assertTrue(loss.usesReference() == BuiltInLosses.REFERENCE_IDS.contains(id));
    }

    @Test
    void apoZeroTakesNoDivergenceBecauseTrlAppliesNoneToIt() {
        GramianException e = assertThrows(GramianException.class,
                () -> Options.resolve(info("apo-zero"), Map.of("divergence", "js")));
        assertTrue(e.getMessage().contains("unknown option 'divergence'"), e.getMessage());
    }

    @Test
    void rejectsUnknownKeysNamingTheValidOnes() {
        GramianException e = assertThrows(GramianException.class,
                () -> Options.resolve(info("dpo"), Map.of("gamma", "1")));
        assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("label_smoothing"), e.getMessage());
        assertThrows(GramianException.class, () -> Options.resolve(info("sft"), Map.of("beta", "0.1")));
        assertThrows(GramianException.class, () -> Options.resolve(info("sft"), Map.of("averaging", "pairs")));
        assertThrows(GramianException.class, () -> Options.resolve(info("aot"), Map.of("divergence", "js")));
        assertThrows(GramianException.class, () -> Options.resolve(info("aot-unpaired"),
                Map.of("label_smoothing", "0.6")));
    }

    private static PluginInfo info(String id) {
        return BuiltInLosses.CATALOG.find(PluginKind.OBJECTIVE, id).info();
    }

    private static Map<String, Map<String, Object>> table(String... idsAndOptions) {
        Map<String, Map<String, Object>> table = new LinkedHashMap<>();
        for (int i = 0; i < idsAndOptions.length; i += 2) {
            Map<String, Object> options = new LinkedHashMap<>();
            for (String pair : idsAndOptions[i + 1].split(" ")) {
                if (!pair.isEmpty()) {
                    String[] kv = pair.split("=");
                    options.put(kv[0], kv[0].equals("averaging") ? kv[1] : (Object) Double.parseDouble(kv[1]));
                }
            }
            table.put(idsAndOptions[i], options);
        }
        return table;
    }
}
