package dev.gramian.objectives.fish.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One evaluation during a run.
 *
 * @param step               steps completed
 * @param trainLoss          mean loss the rule reported since the previous evaluation
 * @param domainAccuracy     accuracy on each training domain's validation examples, by domain name
 * @param validationAccuracy the model-selection criterion: the mean of {@code domainAccuracy}, or the
 *                           accuracy on the held-out validation domain when the data has one
 * @param testAccuracy       accuracy on the held-out domain
 * @param gip                mean inner product of the domains' gradients (NaN for one domain)
 * @param gipCosine          mean cosine of the domains' gradients (NaN for one domain or a zero gradient)
 */
public record DgEvaluation(long step, double trainLoss, Map<String, Double> domainAccuracy,
                           double validationAccuracy, double testAccuracy, double gip, double gipCosine) {
    public DgEvaluation {
        domainAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(domainAccuracy));
    }
}
