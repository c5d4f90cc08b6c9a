package dev.gramian.runs.align;

import dev.gramian.api.GramianException;
import dev.gramian.api.model.LanguageModel;
import dev.gramian.api.model.LanguageModelConfig;
import dev.gramian.api.model.GramMethod;
import dev.gramian.api.model.PairBatch;
import dev.gramian.api.model.PairGram;
import dev.gramian.api.model.PreferenceStep;
import dev.gramian.api.model.Sequence;
import dev.gramian.api.model.SequenceScores;
import dev.gramian.api.objective.MarginLoss;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.LossGradient;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.objectives.margin.align.AlignmentOptions;
import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.align.SyncedReference;
import dev.gramian.objectives.margin.data.EncodedPair;
import dev.gramian.runs.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceLogpsFileTest {
    @TempDir
    Path temp;

    /** Scores token t of a response as −t/7 − 0.1·position (irrational enough to test exact round trips). */
    private static final class CountingModel implements LanguageModel {
        int scored;

        @Override
        public SequenceScores score(List<Sequence> batch) {
            scored += batch.size();
            double[] logp = new double[batch.size()];
            int[] counts = new int[batch.size()];
            double[][] tokens = new double[batch.size()][];
            for (int i = 0; i < batch.size(); i++) {
                Sequence s = batch.get(i);
                tokens[i] = new double[s.responseLength()];
                for (int j = 0; j < tokens[i].length; j++) {
                    tokens[i][j] = -s.token(s.responseStart() + j) / 7.0 - 0.1 * j;
                    logp[i] += tokens[i][j];
                }
                counts[i] = s.responseLength();
            }
            return new SequenceScores(logp, counts, tokens);
        }

        @Override
        public LanguageModelConfig config() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ParameterSet parameters() {
            return new ParameterSet(List.of(new ParameterSet.Parameter("w", new int[]{2}, new double[]{1, 2})));
        }

        @Override
        public LossGradient nextTokenLossAndGradient(List<Sequence> batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ParameterSet weightedLogProbGradient(List<Sequence> batch, double[] weights) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PreferenceStep preferenceLossAndGradient(MarginLoss loss, PairBatch batch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PairGram pairGram(List<Sequence> chosen, List<Sequence> rejected, GramMethod method, boolean full) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static List<EncodedPair> pairs(int n, int offset) {
        List<EncodedPair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pairs.add(new EncodedPair(new Sequence(new int[]{1, 2, 3 + i + offset, 4, 5}, 2),
                    new Sequence(new int[]{1, 2, 9 + offset, 7 + i}, 2)));
        }
        return pairs;
    }

    /** A directory that a resumed run accepts: config.json and checkpoints/latest.ckpt exist. */
    private RunDirectory resumable() throws IOException {
        Files.writeString(temp.resolve(RunDirectory.CONFIG), "{}");
        Files.createDirectories(temp.resolve(RunDirectory.CHECKPOINTS));
        Files.writeString(temp.resolve(RunDirectory.CHECKPOINTS).resolve(RunDirectory.LATEST), "");
        return RunDirectory.open(temp, RunDirectory.Mode.RESUME);
    }

    @Test
    void aFreshRunScoresOnceAndAResumedRunReadsTheSameNumbersBack() throws IOException {
        List<EncodedPair> train = pairs(5, 0);
        List<EncodedPair> eval = pairs(3, 20);
        AlignmentOptions ld = AlignmentOptions.NONE.withLdAlpha(0.3);
        CountingModel model = new CountingModel();
        ReferenceLogpsFile fresh = ReferenceLogpsFile.readOrCompute(RunDirectory.open(temp, RunDirectory.Mode.FRESH),
                model, train, eval, 2, ld);
        assertEquals(16, model.scored, "every sequence once");
        assertEquals(ReferenceScores.of(new CountingModel(), train, 2, ld), fresh.train());
        assertEquals(ReferenceScores.of(new CountingModel(), eval, 2, ld), fresh.eval());
        assertEquals(8, Files.readAllLines(temp.resolve(RunDirectory.REFERENCE_LOGPS)).size());

        CountingModel resumedModel = new CountingModel();
        ReferenceLogpsFile resumed = ReferenceLogpsFile.readOrCompute(resumable(), resumedModel, train, eval, 2, ld);
        assertEquals(0, resumedModel.scored, "nothing scored again");
        assertEquals(fresh, resumed, "the numbers round-trip exactly");
        assertArrayEquals(fresh.train().chosen(), resumed.train().chosen());

        RunDirectory.open(temp, RunDirectory.Mode.FORCE);
        assertFalse(Files.exists(temp.resolve(RunDirectory.REFERENCE_LOGPS)), "--force starts over");
    }

    @Test
    void aCacheThatDoesNotFitTheRunsPairsIsRefusedNamingTheFileAndLine() throws IOException {
        List<EncodedPair> train = pairs(4, 0);
        List<EncodedPair> eval = pairs(2, 20);
        ReferenceLogpsFile.readOrCompute(RunDirectory.open(temp, RunDirectory.Mode.FRESH), new CountingModel(), train,
                eval, 8, AlignmentOptions.NONE);
        Path file = temp.resolve(RunDirectory.REFERENCE_LOGPS);
        RunDirectory run = resumable();

        GramianException fewer = assertThrows(GramianException.class, () -> ReferenceLogpsFile.readOrCompute(run,
                new CountingModel(), pairs(5, 0), eval, 8, AlignmentOptions.NONE));
        assertEquals(GramianException.Category.INPUT, fewer.category());
        assertTrue(fewer.getMessage().contains(file.toString()) && fewer.getMessage().contains("holds 6 pairs"),
                fewer.getMessage());

        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(2, lines.get(2).replace("\"len_rejected\":2", "\"len_rejected\":3"));
        Files.write(file, lines);
        GramianException changed = assertThrows(GramianException.class, () -> ReferenceLogpsFile.readOrCompute(run,
                new CountingModel(), train, eval, 8, AlignmentOptions.NONE));
        assertTrue(changed.getMessage().contains(file + ":3") && changed.getMessage().contains("train pair 2"),
                changed.getMessage());
    }

    @Test
    void theRulesStateAndTrDposReferenceTravelTogether() {
        CountingModel model = new CountingModel();
        SyncedReference reference = new SyncedReference(model, AlignmentOptions.NONE.withReferenceSync(0.5, 2), 4);
        ParameterSet slot = new ParameterSet(List.of(new ParameterSet.Parameter("w", new int[]{2},
                new double[]{3, 4})));
        var rule = new dev.gramian.api.checkpoint.Resumable() {
            OptimizerState restored;

            @Override
            public OptimizerState state() {
                return new OptimizerState(7, Map.of("weights", slot));
            }

            @Override
            public void restore(OptimizerState state) {
                restored = state;
            }
        };
        RuleAndReference both = new RuleAndReference(rule, reference);
        OptimizerState state = both.state();
        assertEquals(7, state.steps());
        assertEquals(List.of("weights", SyncedReference.SLOT), List.copyOf(state.slots().keySet()));
        both.restore(state);
        assertEquals(new OptimizerState(7, Map.of("weights", slot)), rule.restored);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> both.restore(new OptimizerState(7, Map.of("weights", slot))));
        assertTrue(none.getMessage().contains("--sync-ref-model"), none.getMessage());
    }
}
