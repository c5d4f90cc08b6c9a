package dev.gramian.cli.dg;

import dev.gramian.cli.InProcessGramian;
import dev.gramian.cli.InProcessGramian.Execution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gramian dg, demo fish, bench fish and data fetch reject bad input before loading TensorFlow or writing anything. */
class DgCommandErrorsTest {
    @TempDir
    Path temp;

    private Execution dg(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "dg";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--out";
        all[args.length + 2] = temp.resolve("run").toString();
        return InProcessGramian.run(all);
    }

    private void assertFailsWith(int status, String message, Execution run) {
        assertEquals(status, run.status(), run::toString);
        assertTrue(run.err().contains(message), run::toString);
        assertEquals(1, run.err().strip().lines().count(), run::toString);
        assertFalse(Files.exists(temp.resolve("run")), "nothing may be written: " + run);
    }

    @Test
    void unknownDatasetListsTheKnownOnes() {
        assertFailsWith(4, "unknown domain-dataset 'cmnist'; known: [", dg("--dataset", "cmnist"));
        assertTrue(dg("--dataset", "cmnist").err().contains("colored-mnist"));
    }

    @Test
    void unknownRuleListsTheKnownOnes() {
        Execution run = dg("--dataset", "linear-toy", "--rule", "fishr");
        assertFailsWith(4, "unknown domain-rule 'fishr'; known: [", run);
        assertTrue(run.err().contains("fish-smooth") && run.err().contains("and-mask"), run::toString);
    }

    @Test
    void badOptionsNameTheKey() {
        assertFailsWith(2, "domain-dataset 'cdsprites': unknown option 'colours'; valid keys: domains, image_size",
                dg("--dataset", "cdsprites", "-D", "colours=3"));
        Execution outOfRange = dg("--dataset", "cdsprites", "-D", "domains=0");
        assertTrue(outOfRange.status() != 0 && outOfRange.err().contains("domains"), outOfRange::toString);
        Execution rule = dg("--dataset", "linear-toy", "--rule", "fish", "-O", "meta_lr=2");
        assertTrue(rule.status() != 0 && rule.err().contains("meta_lr"), rule::toString);
        assertFalse(Files.exists(temp.resolve("run")));
    }

    @Test
    void badModelAndSettingsAreUsageErrors() {
        assertFailsWith(2, "unknown --model 'rnn'; known: mlp, cnn, strided-cnn", dg("--dataset", "linear-toy", "--model", "rnn"));
        assertFailsWith(2, "--steps must be at least 1, got 0", dg("--dataset", "linear-toy", "--steps", "0"));
        assertFailsWith(2, "--model cnn does not fit data set 'linear-toy'",
                dg("--dataset", "linear-toy", "--model", "cnn"));
        assertFailsWith(2, "disagree", dg("--dataset", "colored-mnist", "--mnist-dir", "/a", "-D", "mnist_dir=/b"));
    }

    @Test
    void resumeNeedsARun() {
        Execution run = InProcessGramian.run("dg", "--dataset", "linear-toy", "--out", temp.toString(), "--resume");
        assertEquals(3, run.status(), run::toString);
        assertTrue(run.err().contains("nothing to resume"), run::toString);
    }

    @Test
    void missingMnistFilesSayHowToGetThem() {
        Path empty = temp.resolve("no-mnist");
        Execution run = InProcessGramian.run("dg", "--dataset", "rotated-mnist", "--mnist-dir", empty.toString(),
                "--out", temp.resolve("mnist-run").toString());
        assertEquals(3, run.status(), run::toString);
        assertTrue(run.err().contains("gramian data fetch mnist"), run::toString);
    }

    @Test
    void dataFetchKnowsOnlyMnist() {
        Execution run = InProcessGramian.run("data", "fetch", "cifar");
        assertEquals(2, run.status(), run::toString);
        assertTrue(run.err().contains("unknown data 'cifar' to fetch; known: mnist"), run::toString);
    }

    @Test
    void demoAndBenchCheckTheirCounts() {
        Execution demo = InProcessGramian.run("demo", "fish", "--domains", "1,5", "--out", temp.resolve("run")
                .toString());
        assertFailsWith(2, "--domains must all be at least 2", demo);
        Execution bench = InProcessGramian.run("bench", "fish", "--domains", "1");
        assertEquals(2, bench.status(), bench::toString);
    }
}
