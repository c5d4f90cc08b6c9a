package dev.gramian.spark.probe;

import dev.gramian.objectives.margin.align.ReferenceScores;
import dev.gramian.objectives.margin.probing.PairAudit;
import dev.gramian.runs.align.AuditModel;

import java.io.Serializable;

/**
 * A task's result: its pairs' measurements as plain arrays (thirteen numbers a pair), which travel
 * back to the driver.
 *
 * @param first the index of the first pair in the whole data set
 */
record MeasuredChunk(int first, double[] chosenSqNorm, double[] rejectedSqNorm, double[] innerProduct,
                     double[] logpChosen, double[] logpRejected, int[] lenChosen, int[] lenRejected,
                     double[] referenceChosen, double[] referenceRejected, int[] referenceLenChosen,
                     int[] referenceLenRejected) implements Serializable {
    private static final long serialVersionUID = 1L;

    static MeasuredChunk of(int first, AuditModel.Measured measured) {
        PairAudit.Measurements m = measured.measurements();
        ReferenceScores scores = m.scores();
        ReferenceScores reference = measured.reference();
        return new MeasuredChunk(first, m.chosenSqNorm(), m.rejectedSqNorm(), m.innerProduct(), scores.chosen(),
                scores.rejected(), scores.lenChosen(), scores.lenRejected(), reference.chosen(), reference.rejected(),
                reference.lenChosen(), reference.lenRejected());
    }

    /** The measurements again. */
    AuditModel.Measured measured() {
        return new AuditModel.Measured(new ReferenceScores(referenceChosen, referenceRejected, referenceLenChosen,
                referenceLenRejected),
                new PairAudit.Measurements(chosenSqNorm, rejectedSqNorm, innerProduct,
                        new ReferenceScores(logpChosen, logpRejected, lenChosen, lenRejected)));
    }
}
