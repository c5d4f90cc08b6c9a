package dev.gramian.api.checkpoint;

import dev.gramian.api.GramianException;
import dev.gramian.api.optim.OptimizerState;
import dev.gramian.api.param.ParameterSet;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes and reads {@link Checkpoint}s in the binary format described in the
 * {@linkplain dev.gramian.api.checkpoint package documentation}. Writing is atomic
 * ({@link AtomicFile}); reading loads the whole file, checks magic, version, declared length and
 * CRC32 before decoding anything, and builds the checkpoint only once every byte has been accounted
 * for, so a damaged file is reported and never half-loaded.
 */
public final class CheckpointFile {
    /** The eight bytes every checkpoint starts with: {@code 0x89 'G' 'R' 'M' 'C' 'K' 'P' '\n'}. */
    static final byte[] MAGIC = {(byte) 0x89, 'G', 'R', 'M', 'C', 'K', 'P', '\n'};
    /** The format version this build writes and reads. */
    static final int FORMAT_VERSION = 1;
    /** Magic, version, CRC32 and payload length. */
    static final int HEADER_BYTES = 24;
    private static final int MAX_RANK = 32;
    /** The largest file the reader loads: one Java array, with room for the JVM's array header. */
    private static final int MAX_FILE_BYTES = Integer.MAX_VALUE - 64;

    private CheckpointFile() {
    }

    /**
     * Atomically writes {@code checkpoint} to {@code target}, replacing any previous file there only
     * once the new one is complete and on the storage device.
     *
     * @throws GramianException (input) naming {@code target} when it cannot be written, or when the
     *                          checkpoint is too large for this format's reader (2 GiB)
     */
    public static void write(Path target, Checkpoint checkpoint) {
        ParameterSet parameters = checkpoint.parameters();
        OptimizerState optimizer = checkpoint.optimizer();
        long valueBytes = Double.BYTES * (parameters.size()
                + optimizer.slots().values().stream().mapToLong(ParameterSet::size).sum());
        if (valueBytes > MAX_FILE_BYTES - HEADER_BYTES) {
            throw tooLarge(target, valueBytes);
        }
        byte[] payload = encodePayload(checkpoint, parameters, optimizer);
        if (payload.length > MAX_FILE_BYTES - HEADER_BYTES) {
            throw tooLarge(target, payload.length);
        }
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.put(MAGIC).putInt(FORMAT_VERSION).putInt((int) crc.getValue()).putLong(payload.length);
        AtomicFile.write(target, out -> {
            out.write(header.array());
            out.write(payload);
        });
    }

    private static GramianException tooLarge(Path target, long bytes) {
        return GramianException.input(target.toString(), 0, "checkpoint of at least " + bytes
                + " bytes exceeds the " + MAX_FILE_BYTES + " bytes this format's reader accepts");
    }

    /**
     * Reads the checkpoint in {@code file}.
     *
     * @throws GramianException (input) naming {@code file} and what is wrong when it is missing,
     *                          unreadable, not a checkpoint, of an unsupported version, truncated
     *                          or corrupted
     */
    public static Checkpoint read(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw GramianException.input(source, 0, "checkpoint of " + size
                        + " bytes exceeds the " + MAX_FILE_BYTES + " bytes this reader accepts");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw GramianException.input(source, 0, "no such checkpoint file");
        } catch (IOException e) {
            throw GramianException.input(source, 0, "cannot read checkpoint (" + e.getMessage() + ")");
        }
        ByteBuffer payload = verifiedPayload(source, bytes);
        try {
            return decodePayload(payload);
        } catch (MalformedException e) {
            throw GramianException.input(source, 0, "malformed checkpoint payload at byte "
                    + (HEADER_BYTES + payload.position()) + ": " + e.getMessage());
        }
    }

    /** Checks the header against the bytes and returns the payload positioned at its start. */
    private static ByteBuffer verifiedPayload(String source, byte[] bytes) {
        if (bytes.length < MAGIC.length
                || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw GramianException.input(source, 0, "not a Gramian checkpoint (the file does not start "
                    + "with the checkpoint magic bytes 89 47 52 4D 43 4B 50 0A)");
        }
        if (bytes.length < HEADER_BYTES) {
            throw GramianException.input(source, 0, "truncated checkpoint: " + bytes.length
                    + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, MAGIC.length, HEADER_BYTES - MAGIC.length);
        int version = header.getInt();
        if (version != FORMAT_VERSION) {
            throw GramianException.input(source, 0, "unsupported checkpoint format version "
                    + Integer.toUnsignedString(version) + "; this build reads version " + FORMAT_VERSION);
        }
        long declaredCrc = Integer.toUnsignedLong(header.getInt());
        long declaredLength = header.getLong();
        long actualLength = bytes.length - HEADER_BYTES;
        if (declaredLength != actualLength) {
            throw GramianException.input(source, 0, (actualLength < declaredLength ? "truncated" : "damaged")
                    + " checkpoint: header declares " + Long.toUnsignedString(declaredLength)
                    + " payload bytes, the file holds " + actualLength);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        if (crc.getValue() != declaredCrc) {
            throw GramianException.input(source, 0, "corrupted checkpoint: payload CRC32 is "
                    + Long.toHexString(crc.getValue()) + ", header declares " + Long.toHexString(declaredCrc));
        }
        return ByteBuffer.wrap(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES).slice();
    }

    /** The payload of {@code checkpoint}, whose (copied) parameters and optimiser state are given. */
    private static byte[] encodePayload(Checkpoint checkpoint, ParameterSet parameters, OptimizerState optimizer) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            writeStrings(out, checkpoint.modelConfig());
            out.writeLong(checkpoint.step());
            out.writeLong(checkpoint.rngState());
            writeParameters(out, parameters);
            out.writeLong(optimizer.steps());
            out.writeInt(optimizer.slots().size());
            for (var slot : optimizer.slots().entrySet()) {
                writeString(out, slot.getKey());
                writeParameters(out, slot.getValue());
            }
            writeStrings(out, checkpoint.metadata());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void writeStrings(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (var entry : map.entrySet()) {
            writeString(out, entry.getKey());
            writeString(out, entry.getValue());
        }
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void writeParameters(DataOutputStream out, ParameterSet set) throws IOException {
        out.writeInt(set.parameters().size());
        for (ParameterSet.Parameter p : set.parameters()) {
            writeString(out, p.name());
            int[] shape = p.shape();
            out.writeInt(shape.length);
            for (int d : shape) {
                out.writeInt(d);
            }
            for (double v : p.values()) {
                out.writeLong(Double.doubleToRawLongBits(v));
            }
        }
    }

    private static Checkpoint decodePayload(ByteBuffer in) {
        Map<String, String> modelConfig = readStrings(in, "model config");
        long step = readLong(in, "step");
        long rngState = readLong(in, "RNG state");
        ParameterSet parameters = readParameters(in, "parameters");
        long optimizerSteps = readLong(in, "optimiser step count");
        int slotCount = readCount(in, "optimiser slot count", 8);
        Map<String, ParameterSet> slots = new LinkedHashMap<>();
        for (int i = 0; i < slotCount; i++) {
            String name = readString(in, "optimiser slot name");
            if (slots.put(name, readParameters(in, "optimiser slot '" + name + "'")) != null) {
                throw new MalformedException("optimiser slot '" + name + "' appears twice");
            }
        }
        Map<String, String> metadata = readStrings(in, "metadata");
        if (in.hasRemaining()) {
            throw new MalformedException(in.remaining() + " unexpected bytes after the metadata");
        }
        if (step < 0 || optimizerSteps < 0) {
            throw new MalformedException("negative step count");
        }
        return new Checkpoint(modelConfig, step, rngState, parameters,
                new OptimizerState(optimizerSteps, slots), metadata);
    }

    private static Map<String, String> readStrings(ByteBuffer in, String what) {
        int count = readCount(in, what + " entry count", 8);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = readString(in, what + " key");
            if (map.put(key, readString(in, what + " value of '" + key + "'")) != null) {
                throw new MalformedException(what + " key '" + key + "' appears twice");
            }
        }
        return map;
    }

    private static ParameterSet readParameters(ByteBuffer in, String what) {
        int count = readCount(in, what + " count", 8);
        List<ParameterSet.Parameter> parameters = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = readString(in, what + " name");
            int rank = readInt(in, "rank of " + name);
            if (rank < 0 || rank > MAX_RANK) {
                throw new MalformedException("rank " + rank + " of '" + name + "' is outside [0, " + MAX_RANK + "]");
            }
            int[] shape = new int[rank];
            long elements = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = readInt(in, "shape of " + name);
                if (shape[d] < 0) {
                    throw new MalformedException("negative dimension in the shape of '" + name + "'");
                }
                elements *= shape[d];
                if (elements > in.remaining() / Double.BYTES) {
                    throw new MalformedException("shape of '" + name + "' needs more bytes than remain");
                }
            }
            double[] values = new double[(int) elements];
            for (int e = 0; e < values.length; e++) {
                values[e] = Double.longBitsToDouble(in.getLong());
            }
            parameters.add(new ParameterSet.Parameter(name, shape, values));
        }
        try {
            return new ParameterSet(parameters);
        } catch (IllegalArgumentException e) {
            throw new MalformedException(what + ": " + e.getMessage());
        }
    }

    /** A count of items, each at least {@code minItemBytes} long, so it can never exceed what remains. */
    private static int readCount(ByteBuffer in, String what, int minItemBytes) {
        int count = readInt(in, what);
        if (count < 0 || count > in.remaining() / minItemBytes) {
            throw new MalformedException(what + " " + Integer.toUnsignedString(count)
                    + " exceeds the " + in.remaining() + " bytes that remain");
        }
        return count;
    }

    private static String readString(ByteBuffer in, String what) {
        int length = readInt(in, "length of " + what);
        if (length < 0 || length > in.remaining()) {
            throw new MalformedException("length of " + what + " " + Integer.toUnsignedString(length)
                    + " exceeds the " + in.remaining() + " bytes that remain");
        }
        ByteBuffer utf8 = in.slice().limit(length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(utf8).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException(what + " is not valid UTF-8");
        }
    }

    private static int readInt(ByteBuffer in, String what) {
        require(in, Integer.BYTES, what);
        return in.getInt();
    }

    private static long readLong(ByteBuffer in, String what) {
        require(in, Long.BYTES, what);
        return in.getLong();
    }

    private static void require(ByteBuffer in, int bytes, String what) {
        if (in.remaining() < bytes) {
            throw new MalformedException(what + " needs " + bytes + " bytes, " + in.remaining() + " remain");
        }
    }

    /** A payload that passed its checksum but does not decode: a writer bug or a forged CRC. */
    private static final class MalformedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }
}
