/**
 * Domain-generalisation update rules (ERM, Fish, IDGM, AND-mask, ...). A
 * {@link dev.gramian.api.domain.DomainRule} is an update rule, not a loss: it drives a
 * {@link dev.gramian.api.domain.DomainLearner} through a narrow interface (per-domain losses and
 * gradients at the current parameters, parameter snapshots, optimiser steps), so rules are short,
 * readable and independent of the backend.
 */
package dev.gramian.api.domain;
