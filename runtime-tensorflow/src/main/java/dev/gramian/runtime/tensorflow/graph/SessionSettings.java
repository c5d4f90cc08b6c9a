package dev.gramian.runtime.tensorflow.graph;

import org.tensorflow.proto.ConfigProto;

/**
 * How sessions run: on which device, with how many threads, in which precision.
 *
 * @param gpu            whether to place ops on the GPU (otherwise GPUs are hidden)
 * @param intraOpThreads threads inside one op; 0 lets TensorFlow choose
 * @param interOpThreads ops run concurrently; 0 lets TensorFlow choose
 * @param precision      the graphs' floating type
 */
public record SessionSettings(boolean gpu, int intraOpThreads, int interOpThreads, Precision precision) {
    public SessionSettings {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0, got " + intraOpThreads + ", "
                    + interOpThreads);
        }
    }

    /** CPU, TensorFlow's thread defaults, float32. */
    public static SessionSettings defaults() {
        return new SessionSettings(false, 0, 0, Precision.FLOAT32);
    }

    /** These settings in another precision. */
    public SessionSettings withPrecision(Precision other) {
        return new SessionSettings(gpu, intraOpThreads, interOpThreads, other);
    }

    /**
     * The session configuration: per-session thread pools (otherwise the first session fixes the
     * process-wide pools), and no GPU devices when running on the CPU.
     */
    public ConfigProto configProto() {
        ConfigProto.Builder config = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOpThreads)
                .setInterOpParallelismThreads(interOpThreads)
                .setUsePerSessionThreads(true)
                .setAllowSoftPlacement(true);
        if (!gpu) {
            config.putDeviceCount("GPU", 0);
        }
        return config.build();
    }
}
