package dev.gramian.plugin.testkit;

import dev.gramian.api.model.TokenGram;
import dev.gramian.api.probe.DomainGeometry;
import dev.gramian.api.probe.GradientProbe;
import dev.gramian.api.probe.MetricSink;
import dev.gramian.api.probe.PairGeometry;
import dev.gramian.api.probe.PairStep;
import dev.gramian.api.probe.TokenGeometry;
import dev.gramian.api.probe.TokenPairs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The contract of {@link GradientProbe}: a positive interval, and observing only reads: every array
 * the probe is given is the same afterwards, and metrics have names.
 */
final class ProbeChecks {

    private ProbeChecks() {
    }

    static List<Finding> check(String subject, GradientProbe probe) {
        List<Finding> findings = new ArrayList<>();
        int interval = probe.interval();
        findings.add(interval >= 1 ? Finding.pass(subject, "interval() is at least 1", "every " + interval)
                : Finding.fail(subject, "interval() is at least 1", "interval() = " + interval));
        String check = "only reads the geometry it is given";
        List<String> seen = new ArrayList<>();
        var sink = new NamingSink();
        try {
            if (probe.wants(GradientProbe.Need.DOMAINS)) {
                double[][] gram = {{4, 1, -1}, {1, 9, 0.5}, {-1, 0.5, 2}};
                double[] losses = {0.7, 0.9, 1.1};
                double[][] gramCopy = Arrays.stream(gram).map(double[]::clone).toArray(double[][]::new);
                double[] lossesCopy = losses.clone();
                probe.observeDomains(new DomainGeometry(10, gram, losses), sink);
                if (!Arrays.deepEquals(gram, gramCopy) || !Arrays.equals(losses, lossesCopy)) {
                    return fail(findings, subject, check, "observeDomains changed the Gram matrix or the losses");
                }
                seen.add("domains");
            }
            if (probe.wants(GradientProbe.Need.STEP)) {
                double[][] arrays = {{4, 2.5}, {3, 6}, {1.5, -0.5}, {-0.4, -0.9}, {0.3, 0.8},
                        {-0.01, 0.02}, {0.003, -0.004}, {-0.011, 0.019}, {0.002, -0.005}};
                double[][] copies = Arrays.stream(arrays).map(double[]::clone).toArray(double[][]::new);
                var geometry = new PairGeometry(10, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4]);
                probe.observeStep(new PairStep(geometry, arrays[5], arrays[6], arrays[7], arrays[8]), sink);
                if (!Arrays.deepEquals(arrays, copies)) {
                    return fail(findings, subject, check, "observeStep changed the pair geometry or the changes");
                }
                seen.add("step");
            }
            if (probe.wants(GradientProbe.Need.TOKENS)) {
                double[] chosen = {1, 2};
                double[] rejected = {3, 4, 5};
                double[][] inner = {{0.5, -0.5, 1}, {0.25, 0, -1}};
                double[][] innerCopy = Arrays.stream(inner).map(double[]::clone).toArray(double[][]::new);
                var gram = new TokenGram(chosen, rejected, inner);
                TokenPairs pairs = new TokenPairs() {
                    @Override
                    public int size() {
                        return 1;
                    }

                    @Override
                    public TokenGeometry pair(int i) {
                        return new TokenGeometry(10, i, List.of("a", "b"), List.of("c", "d", "e"), gram);
                    }
                };
                probe.observeTokens(10, pairs, sink);
                if (!Arrays.equals(chosen, new double[] {1, 2}) || !Arrays.equals(rejected, new double[] {3, 4, 5})
                        || !Arrays.deepEquals(inner, innerCopy)) {
                    return fail(findings, subject, check, "observeTokens changed the token Gram");
                }
                seen.add("tokens");
            }
        } catch (RuntimeException e) {
            return fail(findings, subject, check, "observing " + (seen.isEmpty() ? "" : "after " + seen + " ")
                    + "threw " + e + "; report degenerate values as NaN instead");
        }
        if (sink.badName != null) {
            return fail(findings, subject, "metric names are non-empty without spaces",
                    "it logged '" + sink.badName + "'");
        }
        findings.add(Finding.pass(subject, check, seen.isEmpty() ? "wants no geometry" : "observed " + seen
                + ", " + sink.count + " metrics"));
        return findings;
    }

    private static List<Finding> fail(List<Finding> findings, String subject, String check, String detail) {
        findings.add(Finding.fail(subject, check, detail));
        return findings;
    }

    /** Counts metrics and remembers the first ill-formed name. */
    private static final class NamingSink implements MetricSink {
        private String badName;
        private int count;

        @Override
        public void scalar(String name, double value) {
            name(name);
        }

        @Override
        public void row(String table, Map<String, Object> row) {
            name(table);
        }

        private void name(String name) {
            count++;
            if (badName == null && (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace))) {
                badName = String.valueOf(name);
            }
        }
    }
}
