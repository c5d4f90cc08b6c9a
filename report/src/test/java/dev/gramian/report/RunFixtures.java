package dev.gramian.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small run directories in the format of docs/run-directory.md, written the way the trainers and
 * probes write them: an alignment run (SFT then DPO phases), an entanglement probe run with
 * per-pair and token tables, and a DG run with per-domain accuracies and Gram entries.
 */
final class RunFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFixtures() {}

    static Path alignment(Path dir, String objective, double drift) {
        config(dir, Map.of("command", "align", "seed", 7,
                "objective", Map.of("id", objective, "options", Map.of("beta", 0.1)),
                "data", Map.of("source", "builtin:1t", "sha256", "ab12"), "gramian_version", "0.1.0-SNAPSHOT"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int step = 0; step <= 40; step += 10) {
            rows.add(row(step, "sft", "loss", 3.0 - step * 0.05, "eval/loss", 3.1 - step * 0.04));
        }
        for (int step = 0; step <= 60; step += 10) {
            rows.add(row(step, "align", "loss", 0.69 - step * 0.005, "logps/chosen", -20 - drift * step,
                    "logps/rejected", -21 - 2 * step * 0.1, "rewards/margins", step * 0.01,
                    "rewards/accuracies", 0.5 + step * 0.006, "eval/logps/chosen", -20.5 - drift * step,
                    "eval/logps/rejected", -21.5 - step * 0.15, "eval/rewards/accuracies", 0.5 + step * 0.005));
        }
        Map<String, Object> withNull = row(70, "align", "loss", 0.3);
        withNull.put("rewards/margins", null);
        rows.add(withNull);
        lines(dir.resolve("metrics.jsonl"), rows);
        write(dir.resolve("summary.json"), Map.of("eval/rewards/accuracies", 0.86, "steps", 70));
        return dir;
    }

    static Path entanglement(Path dir) {
        config(dir, Map.of("command", "demo entanglement", "seed", 1,
                "probes", List.of(Map.of("id", "entanglement", "options", Map.of("every", 5)))));
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> pairs = new ArrayList<>();
        List<Map<String, Object>> tokens = new ArrayList<>();
        for (int step = 0; step <= 20; step += 5) {
            rows.add(row(step, "align", "entanglement/cosine_mean", 0.3 + step * 0.01,
                    "entanglement/cosine_p10", 0.1, "entanglement/cosine_p50", 0.3, "entanglement/cosine_p90", 0.6,
                    "entanglement/frac_ideal", 0.2, "entanglement/frac_both_fall", 0.7, "entanglement/frac_both_rise", 0.1,
                    "entanglement/predicted_delta_chosen", -0.1, "entanglement/realised_delta_chosen", -0.12));
            for (int pair = 0; pair < 4; pair++) {
                pairs.add(row(step, "align", "pair", pair, "cosine", 0.2 * pair,
                        "predicted_delta_chosen", -0.1 * pair, "realised_delta_chosen", -0.11 * pair,
                        "predicted_delta_rejected", -0.3 * pair, "realised_delta_rejected", -0.28 * pair));
            }
        }
        for (int step : new int[] {0, 20}) {
            for (int pair = 0; pair < 5; pair++) {
                tokens.add(row(step, "align", "pair", pair,
                        "chosen_tokens", List.of("the", "film", "was", "great", "."),
                        "rejected_tokens", List.of("the", "film", "was", "awful", "."),
                        "cosine", List.of(List.of(0.9, 0.1, 0.0, -0.1, 0.2), List.of(0.1, 0.8, 0.1, 0.0, 0.1),
                                List.of(0.0, 0.1, 0.9, 0.0, 0.1), List.of(-0.2, 0.0, 0.1, -0.6, 0.0),
                                List.of(0.2, 0.1, 0.1, 0.0, 0.95))));
            }
        }
        lines(dir.resolve("metrics.jsonl"), rows);
        lines(dir.resolve("entanglement-pairs.jsonl"), pairs);
        lines(dir.resolve("token-entanglement.jsonl"), tokens);
        write(dir.resolve("summary.json"), List.of(
                Map.of("task", "1t", "objective", "dpo", "mean_cosine", 0.12, "delta_logp_chosen", 0.4),
                Map.of("task", "long-suffix", "objective", "dpo+normalized", "mean_cosine", 0.61, "delta_logp_chosen", 0.1)));
        return dir;
    }

    static Path domainGeneralisation(Path dir, String rule, double gip) {
        config(dir, Map.of("command", "dg", "seed", 3, "rule", Map.of("id", rule, "options", Map.of("meta_lr", 0.5)),
                "dataset", Map.of("id", "cdsprites", "options", Map.of("domains", 3))));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int step = 0; step <= 100; step += 25) {
            rows.add(row(step, "dg", "loss", 0.7 - step * 0.004, "train/0/accuracy", 0.5 + step * 0.004,
                    "train/1/accuracy", 0.5 + step * 0.0035, "val/accuracy", 0.5 + step * 0.003,
                    "test/accuracy", 0.5 + step * 0.001, "gip/mean", gip * step, "gip/cosine_mean", 0.1,
                    "gip/gram/0/0", 1.0, "gip/gram/0/1", gip, "gip/gram/1/1", 2.0 + step * 0.01));
        }
        lines(dir.resolve("metrics.jsonl"), rows);
        write(dir.resolve("summary.json"), List.of(
                Map.of("dataset", "cdsprites", "domains", 2, "rule", rule, "test_accuracy", 0.61, "mean_gip", gip)));
        return dir;
    }

    /** A row with step, phase and then the given name/value pairs, in order. */
    static Map<String, Object> row(int step, String phase, Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("phase", phase);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    static void config(Path dir, Map<String, Object> config) {
        write(dir.resolve("config.json"), config);
    }

    static void write(Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void lines(Path file, List<Map<String, Object>> rows) {
        StringBuilder text = new StringBuilder();
        try {
            for (Map<String, Object> row : rows) {
                text.append(JSON.writeValueAsString(row)).append('\n');
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
