package dev.gramian.api.checkpoint;

import dev.gramian.api.GramianException;
import dev.gramian.api.optim.Optimizer;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;
import dev.gramian.api.param.ParameterSet.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerAndRuleStateTest {
    private static final Path FILE = Path.of("run/checkpoints/latest.ckpt");
    private static final ParameterSet MODEL = new ParameterSet(List.of(new Parameter("w", new int[]{2},
            new double[]{1, 2})));

    private static ParameterSet arrays(String name, double... values) {
        return new ParameterSet(List.of(new Parameter(name, new int[]{values.length}, values)));
    }

    private static Checkpoint checkpoint(OptimizerAndRuleState state) {
        return state.checkpoint(Map.of("width", "2"), 7, 42, MODEL, Map.of("phase", "align"));
    }

    @Test
    void theRulesSlotsFollowTheOptimisersAndComeBackApartThroughTheFile(@TempDir Path dir) {
        Map<String, ParameterSet> adam = new LinkedHashMap<>();
        adam.put("m", arrays("w", 0.5, -0.5));
        adam.put("v", arrays("w", 0.25, 0.125));
        OptimizerState rule = new OptimizerState(3, Map.of("weights", arrays("0,1/2/3", 1, 0.75, -0.0)));
        OptimizerAndRuleState state = new OptimizerAndRuleState(new OptimizerState(7, adam), rule);
        Checkpoint checkpoint = checkpoint(state);
        assertEquals(List.of("m", "v", "rule:weights"), List.copyOf(checkpoint.optimizer().slots().keySet()));
        assertEquals(7, checkpoint.optimizer().steps());
        assertEquals(Map.of("phase", "align", "rule_steps", "3"), checkpoint.metadata());
        assertEquals(MODEL, checkpoint.parameters(), "the parameters stay the model's alone");

        Path file = dir.resolve("latest.ckpt");
        CheckpointFile.write(file, checkpoint);
        assertEquals(state, OptimizerAndRuleState.of(CheckpointFile.read(file), file));
    }

    @Test
    void aStatelessRuleAddsNothingAndReadsBackEmpty() {
        OptimizerState sgd = new OptimizerState(7, Map.of());
        Checkpoint checkpoint = checkpoint(new OptimizerAndRuleState(sgd, OptimizerState.empty()));
        assertEquals(sgd, checkpoint.optimizer());
        assertEquals(Map.of("phase", "align"), checkpoint.metadata());
        assertEquals(new OptimizerAndRuleState(sgd, OptimizerState.empty()), OptimizerAndRuleState.of(checkpoint, FILE));
    }

    @Test
    void restoringGivesEachItsStateAndARefusalIsAnInputErrorNamingTheFile() {
        OptimizerState[] restored = new OptimizerState[1];
        Optimizer optimizer = new Optimizer() {
            @Override
            public void step(ParameterSet parameters, ParameterSet gradient, double learningRate) {
            }

            @Override
            public OptimizerState state() {
                return restored[0];
            }

            @Override
            public void restore(OptimizerState state) {
                restored[0] = state;
            }
        };
        OptimizerState sgd = new OptimizerState(7, Map.of());
        new OptimizerAndRuleState(sgd, OptimizerState.empty()).restore(optimizer, new Resumable() {
        }, FILE);
        assertEquals(sgd, restored[0]);

        OptimizerAndRuleState tokenMask = new OptimizerAndRuleState(sgd, new OptimizerState(2, Map.of("weights",
                arrays("0/1/2", 1, 1))));
        GramianException error = assertThrows(GramianException.class, () -> tokenMask.restore(optimizer,
                new StatelessRule(), FILE));
        assertEquals(GramianException.Category.INPUT, error.category());
        assertEquals(FILE + ": StatelessRule keeps no state, but the checkpoint has [weights] after 2 steps",
                error.getMessage());
    }

    private static final class StatelessRule implements Resumable {
    }

    @Test
    void aBadRuleStepCountIsAnInputErrorNamingTheFile() {
        Checkpoint checkpoint = new Checkpoint(Map.of(), 1, 0, MODEL, OptimizerState.empty(), Map.of("rule_steps", "-2"));
        GramianException error = assertThrows(GramianException.class, () -> OptimizerAndRuleState.of(checkpoint, FILE));
        assertEquals(GramianException.Category.INPUT, error.category());
        assertEquals(FILE + ": checkpoint metadata 'rule_steps' is '-2', not a step count", error.getMessage());
    }

    @Test
    void anOptimiserSlotCannotTakeTheRulesPrefix() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new OptimizerAndRuleState(
                new OptimizerState(1, Map.of("rule:m", MODEL)), OptimizerState.empty()));
        assertTrue(error.getMessage().contains("'rule:m'"), error::getMessage);
    }
}
