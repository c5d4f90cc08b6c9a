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

    static final List<String> TASKS = List.of("1t", "short-suffix", "long-suffix");
    static final List<String> OBJECTIVES = List.of("dpo", "dpo+normalized", "simpo");

    /**
     * A study directory as {@code demo entanglement} writes one: the demo's config.json and
     * summary.json (one row per task and objective), an SFT run per task and an alignment run per
     * task and objective with the entanglement probe's metrics and tables. The held-out chosen
     * log-probability of task t (0, 1, 2) and objective o (0, 1, 2) changes by
     * {@link #chosenChange(int, int)} over alignment. Returns the alignment runs, in summary order.
     */
    static List<Path> entanglementStudy(Path dir) {
        config(dir, Map.of("command", "demo entanglement", "seed", 1, "tasks", TASKS, "objectives", OBJECTIVES));
        List<Map<String, Object>> summary = new ArrayList<>();
        List<Path> runs = new ArrayList<>();
        for (int t = 0; t < TASKS.size(); t++) {
            String task = TASKS.get(t);
            lines(dir.resolve(task + "-sft/metrics.jsonl"), List.of(row(0, "sft", "loss", 3.0), row(10, "sft", "loss", 1.0)));
            for (int o = 0; o < OBJECTIVES.size(); o++) {
                String objective = OBJECTIVES.get(o);
                Path run = dir.resolve(task + "-" + objective);
                config(run, Map.of("command", "demo entanglement", "seed", 1, "created", "2026-01-0" + (o + 1),
                        "objective", Map.of("id", objective.startsWith("simpo") ? "simpo" : "dpo",
                                "options", Map.of("beta", objective.startsWith("simpo") ? 2.0 : 0.1)),
                        "rule", Map.of("id", objective.endsWith("normalized") ? "normalized" : "gradient"),
                        "data", Map.of("source", "dataset:" + task), "model", Map.of("layers", 2, "width", 64)));
                double chosen = chosenChange(t, o);
                List<Map<String, Object>> rows = new ArrayList<>();
                List<Map<String, Object>> pairs = new ArrayList<>();
                List<Map<String, Object>> tokens = new ArrayList<>();
                for (int step = 0; step <= 40; step += 10) {
                    double progress = step / 40.0;
                    rows.add(row(step, "align", "loss", 0.69 - 0.1 * progress * (o + 1), "learning_rate", 0.005,
                            "logps/chosen", -10 - t + chosen * progress, "logps/rejected", -11 - t - (o + 1) * progress,
                            "eval/logps/chosen", -10.5 - t + chosen * progress,
                            "eval/logps/rejected", -11.5 - t - (o + 1) * progress,
                            "entanglement/cosine_mean", 0.2 * t + 0.05 * o, "entanglement/frac_ideal", 0.3 + 0.1 * o,
                            "entanglement/frac_both_fall", 0.5 - 0.1 * o + 0.05 * progress));
                    for (int pair = 0; pair < 4; pair++) {
                        pairs.add(row(step, "align", "pair", pair, "cosine", -0.9 + 0.6 * t + 0.1 * pair,
                                "predicted_delta_chosen", 0.01 * (pair - o), "realised_delta_chosen", 0.011 * (pair - o),
                                "predicted_delta_rejected", -0.02 * (pair + o), "realised_delta_rejected", -0.018 * (pair + o)));
                    }
                }
                for (int pair = 0; pair < 2; pair++) {
                    tokens.add(row(40, "align", "pair", pair, "chosen_tokens", List.of("good", "."),
                            "rejected_tokens", List.of("bad", "."), "cosine",
                            List.of(List.of(-0.5 + 0.2 * o, 0.1), List.of(0.1, 0.9 - 0.1 * t))));
                }
                lines(run.resolve("metrics.jsonl"), rows);
                lines(run.resolve("entanglement-pairs.jsonl"), pairs);
                lines(run.resolve("token-entanglement.jsonl"), tokens);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("task", task);
                result.put("objective", objective);
                result.put("delta_logp_chosen", chosen);
                result.put("delta_logp_rejected", -(o + 1.0));
                result.put("mean_cosine", 0.2 * t + 0.05 * o);
                result.put("frac_ideal", 0.5);
                summary.add(result);
                runs.add(run);
            }
        }
        write(dir.resolve("summary.json"), summary);
        return runs;
    }

    /** The change of the held-out chosen log-probability of task {@code t} and objective {@code o}: best for o = 1 on task 0, o = 2 otherwise. */
    static double chosenChange(int t, int o) {
        return t == 0 ? new double[] {-0.25, 0.125, -0.5}[o] : 0.1 * o - 0.3 * t;
    }

    /**
     * A study directory as {@code demo fish} writes one: ERM and Fish on CdSprites-N for
     * N = 5, 10, 15, one row per run naming its directory in {@code run}; Fish's test accuracy is
     * 0.6 + N/100, ERM's 0.55.
     */
    static List<Path> fishStudy(Path dir) {
        List<Map<String, Object>> summary = new ArrayList<>();
        List<Path> runs = new ArrayList<>();
        for (int n : new int[] {5, 10, 15}) {
            for (String rule : List.of("erm", "fish")) {
                String name = "cdsprites-N" + n + "-" + rule;
                double gip = rule.equals("fish") ? 0.02 * n : 0.01 * n;
                Path run = domainGeneralisation(dir.resolve(name), rule, gip);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("dataset", "cdsprites");
                result.put("domains", n);
                result.put("rule", rule);
                result.put("test_accuracy", rule.equals("fish") ? 0.6 + n / 100.0 : 0.55);
                result.put("mean_gip", gip);
                result.put("run", name);
                summary.add(result);
                runs.add(run);
            }
        }
        write(dir.resolve("summary.json"), summary);
        return runs;
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
