package dev.gramian.objectives.fish.train;

import java.util.List;

/**
 * Where a run stands after an evaluation: with the model's parameters, the outer optimiser's state
 * and the selected model's parameters (which a checkpoint stores), enough to continue the run with
 * {@link DomainTrainer#resume}. Not included: state a rule keeps inside itself (Fish's persistent
 * inner optimiser), which starts afresh on resume.
 *
 * @param completedSteps  steps done
 * @param streamPositions batches drawn so far from each training domain's stream
 * @param randomState     the state of the rules' random source ({@link dev.gramian.api.random.SplitMix64#state()})
 * @param evaluations     every evaluation so far
 * @param selected        index into {@code evaluations} of the model selected so far
 */
public record DgProgress(long completedSteps, long[] streamPositions, long randomState,
                         List<DgEvaluation> evaluations, int selected) {
    public DgProgress {
        streamPositions = streamPositions.clone();
        evaluations = List.copyOf(evaluations);
        if (completedSteps < 0) {
            throw new IllegalArgumentException("negative step count " + completedSteps);
        }
        if (evaluations.isEmpty() || selected < 0 || selected >= evaluations.size()) {
            throw new IllegalArgumentException("selected index " + selected + " outside the " + evaluations.size()
                    + " evaluations");
        }
    }

    @Override
    public long[] streamPositions() {
        return streamPositions.clone();
    }
}
