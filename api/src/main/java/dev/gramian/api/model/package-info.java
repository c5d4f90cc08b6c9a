/**
 * The models a backend trains, seen from the trainers: a causal
 * {@link dev.gramian.api.model.LanguageModel} over token sequences and a
 * {@link dev.gramian.api.model.ClassifierModel} over fixed-size inputs. Both expose their
 * parameters as a Gramian-owned {@link dev.gramian.api.param.ParameterSet} and return gradients
 * in the same layout, so trainers, optimisers and domain rules never touch backend types. A
 * {@link dev.gramian.api.model.Tokenizer} turns text into the token ids models read.
 */
package dev.gramian.api.model;
