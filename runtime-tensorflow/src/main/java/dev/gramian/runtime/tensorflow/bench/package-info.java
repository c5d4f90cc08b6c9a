/**
 * The Gram benchmark behind {@code gramian bench gram}: the cost of a DPO training step against the
 * fast and the exact per-sequence Gram paths on the reference model. The one exported package of
 * this module; it reaches models through the {@link dev.gramian.api.backend.Backend} interface only.
 */
package dev.gramian.runtime.tensorflow.bench;
