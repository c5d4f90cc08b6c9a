package dev.gramian.report.chart;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A chart of metrics over training steps: which metric names it draws and where it goes on the page.
 *
 * @param section the page section it belongs to
 * @param title the chart title
 * @param yAxis the y-axis title
 * @param metrics which metric names (as written in {@code metrics.jsonl}) it draws
 */
record StepChart(String section, String title, String yAxis, Predicate<String> metrics) {
    static final String TRAINING = "Training";
    static final String ALIGNMENT = "Alignment";
    static final String ENTANGLEMENT = "Gradient entanglement";
    static final String DOMAINS = "Domain generalisation";
    static final String OTHER = "Other metrics";

    /**
     * The charts for the metric names of docs/run-directory.md, in page order. Each regular
     * expression must match a whole metric name; {@code eval/} variants share the training chart.
     */
    static final List<StepChart> CATALOG = List.of(
            of(TRAINING, "Loss", "loss", "(eval/)?loss"),
            of(TRAINING, "Learning rate", "learning rate", "learning_rate"),
            of(ALIGNMENT, "Log-probabilities of chosen and rejected responses", "log-probability (sum over tokens)",
                    "(eval/)?logps/(chosen|rejected)"),
            of(ALIGNMENT, "Rewards of chosen and rejected responses", "implicit reward", "(eval/)?rewards/(chosen|rejected)"),
            of(ALIGNMENT, "Reward margins", "reward margin", "(eval/)?rewards/margins"),
            of(ALIGNMENT, "Reward accuracy", "fraction of pairs with chosen reward > rejected", "(eval/)?rewards/accuracies"),
            of(ENTANGLEMENT, "Gradient cosine of chosen and rejected (mean and quantiles over probe pairs)",
                    "cos(g_w, g_l)", "entanglement/cosine_.+"),
            of(ENTANGLEMENT, "Fraction of probe pairs per entanglement case", "fraction of pairs", "entanglement/frac_.+"),
            of(ENTANGLEMENT, "Predicted and realised change of log-probabilities (mean over probe pairs)",
                    "change of log-probability", "entanglement/(predicted|realised)_delta_.+"),
            of(DOMAINS, "Accuracy per training domain and on held-out data", "accuracy",
                    "train/[^/]+/accuracy|(eval/|val/|test/)?accuracy"),
            of(DOMAINS, "Gradient inner product between domains (GIP)", "mean pairwise inner product", "gip/mean"),
            of(DOMAINS, "Cosine between domain gradients", "mean pairwise cosine", "gip/cosine_mean"));

    StepChart {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(yAxis, "yAxis");
        Objects.requireNonNull(metrics, "metrics");
    }

    private static StepChart of(String section, String title, String yAxis, String regex) {
        return new StepChart(section, title, yAxis, Pattern.compile(regex).asMatchPredicate());
    }
}
