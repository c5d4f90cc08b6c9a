/**
 * The domain-generalisation trainer: {@link dev.gramian.objectives.fish.train.DomainTrainer} is the
 * {@link dev.gramian.api.domain.DomainLearner} that a rule from the {@code rule} package drives over
 * a {@link dev.gramian.api.model.ClassifierModel} and the {@link dev.gramian.api.data.DomainData} of
 * a data set from the {@code data} package. It selects the model by training-domain validation
 * accuracy (or by the accuracy on the data's validation domain where it has one), reports per-domain and held-out accuracies and the inter-domain gradient geometry, and
 * takes its settings as a {@link dev.gramian.objectives.fish.train.DgSettings} record and returns a
 * {@link dev.gramian.objectives.fish.train.DgResult}, so {@code gramian dg} and the demos only wire
 * plugins to it.
 */
package dev.gramian.objectives.fish.train;
