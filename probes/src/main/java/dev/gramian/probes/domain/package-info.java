/**
 * Probes of domain-gradient geometry. They receive the S×S Gram matrix of per-domain gradients
 * ({@link dev.gramian.api.probe.DomainGeometry}) that a domain-generalisation trainer measures, so
 * ERM, Fish and the other domain rules can be compared on the same axis: the mean inter-domain
 * gradient inner product that Fish maximises, and the cosines that say whether the domains agree.
 */
package dev.gramian.probes.domain;
