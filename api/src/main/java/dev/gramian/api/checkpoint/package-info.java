/**
 * Checkpoints: a {@link dev.gramian.api.checkpoint.Checkpoint} holds everything a run needs to
 * resume bit-identically (model configuration, step, {@link dev.gramian.api.random.SplitMix64}
 * state, {@link dev.gramian.api.param.ParameterSet parameters}, {@link dev.gramian.api.optim.OptimizerState
 * optimiser state} and metadata), {@link dev.gramian.api.checkpoint.CheckpointFile} stores it in
 * the backend-independent binary format below, and {@link dev.gramian.api.checkpoint.AtomicFile}
 * makes every write all-or-nothing. Trainers build checkpoints; backends never see this format. An
 * update rule that learns across steps is {@link dev.gramian.api.checkpoint.Resumable}, and
 * {@link dev.gramian.api.checkpoint.OptimizerAndRuleState} keeps its state in the checkpoint's
 * optimiser state, under slot names that start with {@code rule:}.
 *
 * <h2>File format, version 1</h2>
 *
 * <p>All integers are big-endian two's complement; {@code u32}/{@code i64} are 4/8 bytes; a
 * <em>string</em> is a {@code u32} byte count followed by that many bytes of UTF-8; a
 * <em>double</em> is the 8 bytes of its IEEE 754 bit pattern ({@code Double.doubleToRawLongBits}),
 * so values, signed zeros, infinities and NaNs round-trip exactly. Counts and lengths are at most
 * 2<sup>31</sup>−1; the reader accepts files up to 2 GiB.
 *
 * <pre>
 * offset  size  header
 *      0     8  magic: 89 47 52 4D 43 4B 50 0A  ("\x89GRMCKP\n")
 *      8     4  format version (u32) = 1
 *     12     4  CRC32 (u32) of the payload bytes, as java.util.zip.CRC32 and zlib compute it
 *     16     8  payload length in bytes (i64); the file is exactly 24 + this long
 *     24     n  payload:
 *
 *   model config  u32 count, then count × (string key, string value), in order
 *   step          i64, at least 0
 *   rng state     i64
 *   parameters    parameter set (below)
 *   optimiser     i64 step count; u32 slot count; slot count × (string slot name, parameter set)
 *   metadata      u32 count, then count × (string key, string value), in order
 *
 * parameter set   u32 count, then count × parameter:
 *   parameter     string name; u32 rank (at most 32); rank × u32 dimension;
 *                 product(dimensions) × double, row-major
 * </pre>
 *
 * <p>A reader checks, in this order, the magic, the version, that the declared payload length equals
 * the bytes present, and the CRC32; then it decodes the payload, checking every count and length
 * against the bytes that remain and that no byte is left over. Any failure is a
 * {@link dev.gramian.api.GramianException} of category {@code INPUT} naming the file and the check
 * that failed, and nothing is returned. A new layout gets a new version number; the version is not
 * a feature bitmask.
 */
package dev.gramian.api.checkpoint;
