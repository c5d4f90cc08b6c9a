/**
 * Gradient probes: plugins that look at the gradient geometry a trainer computes and emit named
 * metrics. For preference pairs the backend supplies every pair's ‖g_w‖², ‖g_l‖², ⟨g_w, g_l⟩ and
 * the objective's exact per-pair weights ({@link dev.gramian.api.probe.PairGeometry}); for domain
 * generalisation, the S×S Gram matrix of per-domain gradients
 * ({@link dev.gramian.api.probe.DomainGeometry}); around an alignment step, a probe set's geometry
 * with the predicted ({@link dev.gramian.api.probe.FirstOrderLaw}) and realised changes of its
 * log-probabilities ({@link dev.gramian.api.probe.PairStep}); and, on demand, per-token geometry
 * ({@link dev.gramian.api.probe.TokenPairs}). Probes write through a
 * {@link dev.gramian.api.probe.MetricSink} and never change training.
 */
package dev.gramian.api.probe;
