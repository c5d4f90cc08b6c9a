package dev.gramian.objectives.fish.train;

import dev.gramian.api.param.ParameterSet;

import java.util.List;

/**
 * The outcome of a run: every evaluation, the one model selection chose (highest mean
 * validation accuracy, training-domain or on the validation domain, the earliest among ties) and that model's parameters.
 *
 * @param evaluations        all evaluations in step order
 * @param selected           the chosen evaluation; its {@code testAccuracy} is the number to report
 * @param selectedParameters a copy of the parameters at the chosen step
 */
public record DgResult(List<DgEvaluation> evaluations, DgEvaluation selected, ParameterSet selectedParameters) {
    public DgResult {
        evaluations = List.copyOf(evaluations);
        if (!evaluations.contains(selected)) {
            throw new IllegalArgumentException("the selected evaluation is not one of the run's evaluations");
        }
    }

    /** The mean GIP over all evaluations (NaN when there is one domain). */
    public double meanGip() {
        return evaluations.stream().mapToDouble(DgEvaluation::gip).average().orElse(Double.NaN);
    }
}
