package dev.gramian.plugin.testkit;

import dev.gramian.api.plugin.PluginProvider;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The conformance checks as assertions, for a plugin's own tests (JUnit or any framework that
 * reports an {@link AssertionError}):
 *
 * <pre>{@code
 * @Test
 * void meetsThePluginContract() {
 *     PluginContract.assertConforms(new MyLossProvider(), new MyRuleProvider());
 * }
 * }</pre>
 *
 * To see each check as a test of its own, map {@link PluginConformance#checkProviders} to JUnit's
 * dynamic tests.
 */
public final class PluginContract {

    private PluginContract() {
    }

    /**
     * Runs the contract of each provider's kind on providers the test constructs.
     *
     * @throws AssertionError listing every failed check and why
     */
    public static List<Finding> assertConforms(PluginProvider<?>... providers) {
        return requirePassed(PluginConformance.checkProviders(List.of(providers)), "providers");
    }

    /**
     * Runs registration and the contract of every plugin in a built jar (or a directory of jars), as
     * {@code gramian plugins check} does.
     *
     * @throws AssertionError listing every failed check and why
     */
    public static List<Finding> assertJarConforms(Path jarOrDirectory) {
        return requirePassed(PluginConformance.checkPath(jarOrDirectory), jarOrDirectory.toString());
    }

    private static List<Finding> requirePassed(List<Finding> findings, String what) {
        List<Finding> failed = findings.stream().filter(f -> !f.passed()).toList();
        if (!failed.isEmpty()) {
            throw new AssertionError(failed.size() + " of " + findings.size() + " plugin checks failed for " + what
                    + ":\n" + failed.stream().map(Finding::toString).collect(Collectors.joining("\n")));
        }
        return findings;
    }
}
