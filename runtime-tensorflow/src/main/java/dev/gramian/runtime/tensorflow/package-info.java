/**
 * The TensorFlow backend plugin and the byte tokenizer plugin. The providers here are cheap and
 * import no TensorFlow type; {@link dev.gramian.runtime.tensorflow.TensorFlowBackend} loads the
 * native library when the backend is created and hands out the models of the {@code lm},
 * {@code pretrained} and {@code classifier} packages, which build on the graph plumbing in {@code graph};
 * {@code CpuFlags} tells it whether this CPU runs bfloat16 products fast (otherwise it runs float32).
 */
package dev.gramian.runtime.tensorflow;
