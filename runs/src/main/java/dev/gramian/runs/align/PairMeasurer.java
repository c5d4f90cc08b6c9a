package dev.gramian.runs.align;

import dev.gramian.objectives.margin.data.EncodedPair;

import java.util.List;

/**
 * Where an audit's model work runs: on this machine, one {@link AuditModel} over all pairs (what
 * {@code gramian probe} does), or split across machines (the Spark adapter's {@code probe --master}).
 * Either way the result is every pair's measurements in the pairs' order, from which
 * {@link AuditRunner} assembles the audit.
 */
@FunctionalInterface
public interface PairMeasurer {
    /**
     * Measures {@code pairs} with the model {@code spec} audits.
     *
     * @param usesReference whether the objective reads the reference model's scores
     * @return per pair, in order, the reference scores and the audited model's measurements
     */
    AuditModel.Measured measure(AuditSpec spec, List<EncodedPair> pairs, boolean usesReference);
}
