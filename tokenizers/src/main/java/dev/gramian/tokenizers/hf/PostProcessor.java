package dev.gramian.tokenizers.hf;

import java.util.List;

/**
 * The {@code post_processor} of {@code tokenizer.json}: what encoding with special tokens adds
 * around the ids of one text (Hugging Face's {@code add_special_tokens=True}).
 */
sealed interface PostProcessor {

    /** The ids of a single text with the special tokens added. */
    int[] single(int[] ids);

    /** {@code ByteLevel}: adds nothing (its offset trimming does not change ids). */
    record Identity() implements PostProcessor {
        @Override
        public int[] single(int[] ids) {
            return ids;
        }
    }

    /**
     * {@code TemplateProcessing} (its {@code single} template) and, in that form, {@code BertProcessing}
     * and {@code RobertaProcessing}: each item is the ids of a special token, or the sequence itself.
     *
     * @param items per item the ids of a special token, or null for the sequence
     */
    record Template(List<int[]> items) implements PostProcessor {
        @Override
        public int[] single(int[] ids) {
            int length = 0;
            for (int[] item : items) {
                length += item == null ? ids.length : item.length;
            }
            int[] out = new int[length];
            int k = 0;
            for (int[] item : items) {
                int[] part = item == null ? ids : item;
                System.arraycopy(part, 0, out, k, part.length);
                k += part.length;
            }
            return out;
        }
    }

    /** {@code Sequence}: each processor in turn. */
    record Chain(List<PostProcessor> steps) implements PostProcessor {
        public Chain {
            steps = List.copyOf(steps);
        }

        @Override
        public int[] single(int[] ids) {
            int[] out = ids;
            for (PostProcessor step : steps) {
                out = step.single(out);
            }
            return out;
        }
    }
}
