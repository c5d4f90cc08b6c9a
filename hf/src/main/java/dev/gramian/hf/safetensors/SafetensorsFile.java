package dev.gramian.hf.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.gramian.api.GramianException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file opened for reading. The header is validated completely when the file opens
 * (length, UTF-8 JSON, known types, shapes that match their byte ranges, ranges that tile the data
 * buffer exactly); a file that passes can be read without further surprises. Tensor data is read
 * through memory-mapped windows of at most {@value #WINDOW} bytes, so a multi-gigabyte file is
 * never copied onto the heap whole, only the tensors asked for, as they are decoded.
 *
 * <p>Every defect is reported as one {@link GramianException} of category INPUT naming the file.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The largest header the reference implementation accepts (100 MB). */
    public static final long MAX_HEADER = 100_000_000L;

    /** The largest window mapped at once. */
    static final int WINDOW = 1 << 28;

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build()).build();

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorEntry> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorEntry> tensors,
                            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Opens and validates {@code path}.
     *
     * @throws GramianException (input) naming the file and its first defect
     */
    public static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw GramianException.input(path.toString(), 0, "cannot read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        try {
            long size = channel.size();
            if (size < 8) {
                throw fail(path, "truncated: " + size + " bytes, but a safetensors file starts with an 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER) {
                throw fail(path, "header length " + Long.toUnsignedString(headerLength)
                        + " is outside [2, " + MAX_HEADER + "] bytes");
            }
            if (8 + headerLength > size) {
                throw fail(path, "header length " + headerLength + " runs past the end of the " + size + "-byte file");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            long dataLength = size - 8 - headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorEntry> tensors = parseHeader(path, decode(path, header.flip()), metadata);
            checkTiling(path, tensors, dataLength);
            return new SafetensorsFile(path, channel, 8 + headerLength, tensors, metadata);
        } catch (IOException e) {
            closeQuietly(channel);
            throw GramianException.input(path.toString(), 0, "cannot read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }

    private static String decode(Path path, ByteBuffer header) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(header);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw fail(path, "the header is not valid UTF-8");
        }
    }

    private static Map<String, TensorEntry> parseHeader(Path path, String header, Map<String, String> metadata) {
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(header)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw fail(path, "the header is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (tensors.containsKey(name) || (name.equals("__metadata__") && !metadata.isEmpty())) {
                    throw fail(path, "the header names '" + name + "' twice");
                }
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw fail(path, "header entry '" + name + "' is not an object");
                }
                if (name.equals("__metadata__")) {
                    readMetadata(path, p, metadata);
                } else {
                    tensors.put(name, readEntry(path, p, name));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw fail(path, "the header has content after its JSON object");
            }
        } catch (IOException e) {
            throw fail(path, "the header is not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        return Collections.unmodifiableMap(tensors);
    }

    private static void readMetadata(Path path, JsonParser p, Map<String, String> metadata) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw fail(path, "__metadata__." + key + " is not a string");
            }
            metadata.put(key, p.getText());
        }
    }

    private static TensorEntry readEntry(Path path, JsonParser p, String name) throws IOException {
        String dtypeName = null;
        List<Long> shape = null;
        List<Long> offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            switch (key) {
                case "dtype" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw fail(path, "tensor '" + name + "': dtype is not a string");
                    }
                    dtypeName = p.getText();
                }
                case "shape" -> shape = readNumbers(path, p, name, "shape");
                case "data_offsets" -> offsets = readNumbers(path, p, name, "data_offsets");
                default -> p.skipChildren();
            }
        }
        if (dtypeName == null || shape == null || offsets == null) {
            throw fail(path, "tensor '" + name + "' lacks " + (dtypeName == null ? "dtype" : shape == null ? "shape"
                    : "data_offsets"));
        }
        Dtype dtype = Dtype.byName(dtypeName);
        if (dtype == null) {
            throw fail(path, "tensor '" + name + "' has unknown dtype '" + dtypeName + "'; known: "
                    + java.util.Arrays.toString(Dtype.values()));
        }
        if (offsets.size() != 2) {
            throw fail(path, "tensor '" + name + "': data_offsets must be [begin, end], got " + offsets.size() + " numbers");
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (end < begin) {
            throw fail(path, "tensor '" + name + "': data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        long bytes;
        try {
            long elements = 1;
            for (long d : dims) {
                elements = Math.multiplyExact(elements, d);
            }
            bytes = Math.multiplyExact(elements, dtype.bytes());
        } catch (ArithmeticException e) {
            throw fail(path, "tensor '" + name + "': shape " + shape + " is too large");
        }
        if (bytes != end - begin) {
            throw fail(path, "tensor '" + name + "': shape " + shape + " of " + dtype + " needs " + bytes
                    + " bytes, but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new TensorEntry(name, dtype, dims, begin, end);
    }

    private static List<Long> readNumbers(Path path, JsonParser p, String name, String key) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw fail(path, "tensor '" + name + "': " + key + " is not an array");
        }
        List<Long> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0) {
                throw fail(path, "tensor '" + name + "': " + key + " holds '" + p.getText()
                        + "', not a non-negative integer");
            }
            if (out.size() >= 64) {
                throw fail(path, "tensor '" + name + "': " + key + " has more than 64 entries");
            }
            out.add(p.getLongValue());
        }
        return out;
    }

    private static void checkTiling(Path path, Map<String, TensorEntry> tensors, long dataLength) {
        List<TensorEntry> sorted = new ArrayList<>(tensors.values());
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expected = 0;
        for (TensorEntry e : sorted) {
            if (e.begin() < expected) {
                throw fail(path, "tensor '" + e.name() + "' at bytes [" + e.begin() + ", " + e.end()
                        + ") overlaps the tensor before it, which ends at " + expected);
            }
            if (e.begin() > expected) {
                throw fail(path, "bytes [" + expected + ", " + e.begin() + ") of the data buffer belong to no tensor");
            }
            expected = e.end();
        }
        if (expected > dataLength) {
            throw fail(path, "truncated: the tensors need a " + expected + "-byte data buffer, the file holds "
                    + dataLength);
        }
        if (expected < dataLength) {
            throw fail(path, "the data buffer holds " + dataLength + " bytes, but the tensors end at " + expected);
        }
    }

    private static GramianException fail(Path path, String problem) {
        return GramianException.input(path.toString(), 0, problem);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already failing; the first error is the one to report.
        }
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** The tensors in header order. */
    public Map<String, TensorEntry> tensors() {
        return tensors;
    }

    /** The header's {@code __metadata__} strings. */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** The entry of tensor {@code name}; an input error naming the file if there is none. */
    public TensorEntry entry(String name) {
        TensorEntry e = tensors.get(name);
        if (e == null) {
            throw fail(path, "no tensor '" + name + "'");
        }
        return e;
    }

    /** Receives decoded elements in order, {@code index} counting from 0 over the tensor. */
    @FunctionalInterface
    public interface ElementSink {
        /** Takes element {@code index}. */
        void accept(long index, float value);
    }

    /**
     * Decodes tensor {@code name} element by element into {@code sink} (F64 rounded to float32).
     *
     * @throws GramianException (input) for a tensor of a non-floating type
     */
    public void decode(String name, ElementSink sink) {
        TensorEntry e = entry(name);
        if (!e.dtype().isFloating()) {
            throw fail(path, "tensor '" + name + "' has dtype " + e.dtype() + "; Gramian reads " + Dtype.floatingNames());
        }
        int size = e.dtype().bytes();
        long total = e.end() - e.begin();
        long index = 0;
        try {
            for (long at = 0; at < total; at += WINDOW) {
                long length = Math.min(WINDOW, total - at);
                ByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin() + at, length)
                        .order(ByteOrder.LITTLE_ENDIAN);
                int count = (int) (length / size);
                for (int i = 0; i < count; i++) {
                    float value = switch (e.dtype()) {
                        case F32 -> window.getFloat();
                        case F64 -> (float) window.getDouble();
                        case F16 -> HalfFloats.halfToFloat(window.getShort() & 0xffff);
                        case BF16 -> HalfFloats.bfloat16ToFloat(window.getShort() & 0xffff);
                        default -> throw new IllegalStateException(e.dtype().name());
                    };
                    sink.accept(index++, value);
                }
            }
        } catch (IOException ex) {
            throw fail(path, "cannot read tensor '" + name + "' (" + ex.getMessage() + ")");
        }
    }

    /** Tensor {@code name} as float32 values (row-major). */
    public float[] readFloats(String name) {
        float[] out = new float[checkedElements(name)];
        decode(name, (i, v) -> out[(int) i] = v);
        return out;
    }

    /** Tensor {@code name} widened to doubles (row-major); F64 tensors keep their precision. */
    public double[] readDoubles(String name) {
        TensorEntry e = entry(name);
        double[] out = new double[checkedElements(name)];
        if (e.dtype() == Dtype.F64) {
            try {
                long total = e.end() - e.begin();
                int index = 0;
                for (long at = 0; at < total; at += WINDOW) {
                    long length = Math.min(WINDOW, total - at);
                    ByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin() + at, length)
                            .order(ByteOrder.LITTLE_ENDIAN);
                    while (window.hasRemaining()) {
                        out[index++] = window.getDouble();
                    }
                }
            } catch (IOException ex) {
                throw fail(path, "cannot read tensor '" + name + "' (" + ex.getMessage() + ")");
            }
            return out;
        }
        decode(name, (i, v) -> out[(int) i] = v);
        return out;
    }

    private int checkedElements(String name) {
        long n = entry(name).elements();
        if (n > Integer.MAX_VALUE - 8) {
            throw fail(path, "tensor '" + name + "' has " + n + " elements, more than one Java array holds");
        }
        return (int) n;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
