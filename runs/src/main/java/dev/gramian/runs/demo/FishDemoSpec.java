package dev.gramian.runs.demo;

import dev.gramian.api.GramianException;

import java.util.List;

/**
 * The settings of {@code gramian demo fish}: the training-domain counts N of CdSprites-N, the steps
 * per run, the image size, the training examples per domain and the seed. The rules compared and
 * the trainer's other settings are fixed by {@link FishDemoRunner}.
 *
 * @param domains       training-domain counts, one ERM and one Fish run each
 * @param steps         steps per run (Fish: meta steps)
 * @param imageSize     image side in pixels
 * @param trainExamples training examples per domain
 * @param seed          seed of data, models and minibatches
 */
public record FishDemoSpec(List<Integer> domains, long steps, int imageSize, int trainExamples, long seed) {
    public FishDemoSpec {
        domains = List.copyOf(domains);
        if (domains.stream().anyMatch(n -> n < 2)) {
            throw GramianException.usage("--domains must all be at least 2 (GIP needs two domains), got " + domains);
        }
    }
}
