/**
 * Tokenizers that need no model folder: the built-in {@code byte} tokenizer (one id per UTF-8 byte
 * plus BOS, EOS and PAD) and its plugin provider. The Hugging Face tokenizers read from a model
 * folder live in the sub-packages.
 */
package dev.gramian.tokenizers;
