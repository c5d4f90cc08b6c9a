/**
 * Domain data sets for domain generalisation: a {@link dev.gramian.api.data.DomainDataset} plugin
 * turns a seed into {@link dev.gramian.api.data.DomainData} (training domains with train and
 * validation splits, plus one held-out test domain), each split an
 * {@link dev.gramian.api.data.ExampleSet} of labelled examples. A
 * {@link dev.gramian.api.data.MinibatchStream} draws shuffled {@link dev.gramian.api.model.LabeledBatch}
 * minibatches from one set, deterministically from a seed, for the domain rules of
 * {@link dev.gramian.api.domain} to consume.
 */
package dev.gramian.api.data;
