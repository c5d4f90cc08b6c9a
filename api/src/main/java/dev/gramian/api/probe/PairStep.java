package dev.gramian.api.probe;

/**
 * One optimiser step seen from a set of probe pairs: their geometry at the parameters θ before the
 * step, the first-order prediction of how the step moves each probe pair's chosen and rejected
 * log-probabilities, and the change actually measured after the step. In training the prediction
 * is the slope along the step taken, {@code ⟨∇logp, θ' − θ⟩} (for SGD the batch law of
 * {@link FirstOrderLaw}); an audit without a step predicts by {@link FirstOrderLaw#predictPair}.
 *
 * @param geometry          the probe pairs' geometry before the step
 * @param predictedChosen   per probe pair, the predicted change of log π(y_w|x)
 * @param predictedRejected per probe pair, the predicted change of log π(y_l|x)
 * @param realisedChosen    per probe pair, the measured change (after minus before); NaN when no step was taken
 * @param realisedRejected  per probe pair, the measured change of the rejected log-probability
 */
public record PairStep(PairGeometry geometry, double[] predictedChosen, double[] predictedRejected,
                       double[] realisedChosen, double[] realisedRejected) {
    public PairStep {
        int b = geometry.pairs();
        if (predictedChosen.length != b || predictedRejected.length != b || realisedChosen.length != b
                || realisedRejected.length != b) {
            throw new IllegalArgumentException("predicted and realised changes need one value per pair (" + b + ")");
        }
    }

    /** The step number (of the geometry). */
    public long step() {
        return geometry.step();
    }
}
