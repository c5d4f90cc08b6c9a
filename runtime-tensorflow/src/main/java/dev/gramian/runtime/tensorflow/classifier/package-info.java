/**
 * MLP and CNN classifiers (max-pooling, or strided as in the Fish paper's CdSprites encoder) for domain-generalisation data: mean cross-entropy with its
 * gradient, predictions, and the IDGM objective with its exact second-order gradient, built from
 * ops that TensorFlow's C++ gradient registry can differentiate twice.
 */
package dev.gramian.runtime.tensorflow.classifier;
