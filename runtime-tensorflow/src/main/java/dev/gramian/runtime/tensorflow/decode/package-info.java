/**
 * Decoding with a key/value cache: a {@code StepGraph} runs a causal decoder on the new tokens only,
 * taking the earlier tokens' keys and values as inputs and returning them extended by the new ones,
 * so each generated token costs one position of work instead of the whole prefix. A
 * {@code StepNetwork} wires the built-in Transformer of {@code lm} or a pre-trained GPT-2 or
 * Llama-family decoder of {@code pretrained} from the same {@code graph.TransformerBlocks} their
 * training graphs use, at absolute positions (learned position rows and rotary angles start after
 * the cached tokens). {@code CachedDecoding} is the api's {@link dev.gramian.api.model.DecodingState}
 * over it; the models hand out one per {@code startDecoding()}.
 */
package dev.gramian.runtime.tensorflow.decode;
