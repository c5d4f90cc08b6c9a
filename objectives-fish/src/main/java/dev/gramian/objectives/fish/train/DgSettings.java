package dev.gramian.objectives.fish.train;

/**
 * How a domain-generalisation run trains and evaluates.
 *
 * @param steps            outer steps (rule calls), at least 1
 * @param batchSize        examples per domain minibatch, at least 1
 * @param learningRate     the outer step size passed to the rule, &gt; 0
 * @param evalEvery        evaluate (and consider for selection) every this many steps, and after the last
 * @param seed             seeds the minibatch streams and the rule's random source
 * @param geometryExamples examples per domain (the first of each training split) on which the
 *                         domain-gradient Gram matrix is measured; the same examples every time, so
 *                         values are comparable across steps and rules
 * @param evalBatchSize    examples per prediction call during evaluation
 */
public record DgSettings(long steps, int batchSize, double learningRate, int evalEvery, long seed,
                         int geometryExamples, int evalBatchSize) {
    public DgSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (batchSize < 1 || geometryExamples < 1 || evalBatchSize < 1) {
            throw new IllegalArgumentException("batch sizes must be at least 1");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and positive, got " + learningRate);
        }
        if (evalEvery < 1) {
            throw new IllegalArgumentException("evaluation interval must be at least 1, got " + evalEvery);
        }
    }

    /** Settings with geometry measured on 256 examples per domain and evaluation in batches of 512. */
    public static DgSettings of(long steps, int batchSize, double learningRate, int evalEvery, long seed) {
        return new DgSettings(steps, batchSize, learningRate, evalEvery, seed, 256, 512);
    }
}
