/**
 * Domain-generalisation update rules, each a {@link dev.gramian.api.domain.DomainRule} plugin:
 * ERM, Fish, its explicit-γ variant, IDGM and AND-mask. They are written against the
 * {@link dev.gramian.api.domain.DomainLearner} interface only (per-domain gradients at the live
 * parameters, an optimiser step), so the same rule drives the TensorFlow classifier and the
 * pure-Java quadratic learners of the tests. The {@code train} package next door is the learner
 * that runs them on real data.
 */
package dev.gramian.objectives.fish.rule;
