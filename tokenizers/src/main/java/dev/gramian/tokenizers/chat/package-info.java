/**
 * Chat templates: the Jinja templates of Hugging Face model folders rendered with Jinjava the way
 * transformers renders them with Jinja2 (block trimming, the variables and functions transformers
 * provides, Python's string methods and JSON). The tokenizers of {@code dev.gramian.tokenizers.hf}
 * carry one when their folder has a template.
 */
package dev.gramian.tokenizers.chat;
