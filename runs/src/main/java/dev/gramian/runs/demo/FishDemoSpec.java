package dev.gramian.runs.demo;

import dev.gramian.api.GramianException;

import java.util.List;

/**
 * The settings of {@code gramian demo fish}. Every run trains on the same number of examples, so
 * ERM and Fish get the same compute: ERM steps on the union of one minibatch per domain, about
 * {@code ermBatch} examples in all (the authors' ERM takes 64 mixed examples a step); Fish meta
 * steps over all N domains, one minibatch of {@code fishBatch} each.
 *
 * @param domains          the domain counts N, each at least 2
 * @param rules            domain rule ids, e.g. erm and fish
 * @param imageSize        image side in pixels
 * @param trainExamples    training examples per domain
 * @param examples         training examples every run processes (steps follow from the batch sizes)
 * @param ermBatch         ERM's examples per step, split evenly over the domains (rounded up)
 * @param fishBatch        examples per domain minibatch of the other rules (Fish: per inner step)
 * @param learningRate     Adam's step size (Fish: the inner Adam's)
 * @param metaStep         Fish's meta step ε
 * @param evaluations      evaluations per run (evenly spaced, the last after the last step)
 * @param geometryExamples examples per domain on which the domains' gradient inner products are measured
 * @param seed             seed of data, models, minibatches and domain orders
 */
public record FishDemoSpec(List<Integer> domains, List<String> rules, int imageSize, int trainExamples, long examples,
                           int ermBatch, int fishBatch, double learningRate, double metaStep, int evaluations,
                           int geometryExamples, long seed) {
    public FishDemoSpec {
        domains = List.copyOf(domains);
        rules = List.copyOf(rules);
        if (domains.isEmpty() || domains.stream().anyMatch(n -> n < 2)) {
            throw GramianException.usage("--domains must all be at least 2 (GIP needs two domains), got " + domains);
        }
        if (rules.isEmpty()) {
            throw GramianException.usage("--rules names no rule");
        }
        if (examples < 1 || ermBatch < 1 || fishBatch < 1 || evaluations < 1 || geometryExamples < 1) {
            throw GramianException.usage("--examples, --erm-batch, --batch-size and --evaluations must be at least 1");
        }
    }

    /** The batch size per domain of {@code rule} with {@code n} domains. */
    int batchPerDomain(String rule, int n) {
        return rule.equals("erm") ? (ermBatch + n - 1) / n : fishBatch;
    }

    /** The steps of {@code rule} with {@code n} domains: {@link #examples} over the examples a step takes. */
    long steps(String rule, int n) {
        return Math.max(1, examples / ((long) batchPerDomain(rule, n) * n));
    }
}
