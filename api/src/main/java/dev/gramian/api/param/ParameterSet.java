package dev.gramian.api.param;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ordered collection of named parameter arrays (or gradients, or optimiser moments in the same
 * layout). Arrays are mutable in place; {@link #copy()} makes an independent copy. Operations on
 * two sets require the same layout (names, order and shapes) and say which parameter differs.
 */
public final class ParameterSet {

    /**
     * One named array.
     *
     * @param name   unique name, e.g. {@code layer0/attn/wq}
     * @param shape  dimensions, product equal to {@code values.length}
     * @param values the elements in row-major order (not copied)
     */
    public record Parameter(String name, int[] shape, double[] values) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            shape = shape.clone();
            long size = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
                }
                size *= d;
            }
            if (size != values.length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + size
                        + " elements, got " + values.length);
            }
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Parameter p && p.name.equals(name) && Arrays.equals(p.shape, shape)
                    && Arrays.equals(p.values, values);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    private final Map<String, Parameter> parameters;

    /** A set holding {@code parameters} in the given order. */
    public ParameterSet(List<Parameter> parameters) {
        Map<String, Parameter> map = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            if (map.put(p.name(), p) != null) {
                throw new IllegalArgumentException("duplicate parameter name '" + p.name() + "'");
            }
        }
        this.parameters = Collections.unmodifiableMap(map);
    }

    /** The parameters in order. */
    public List<Parameter> parameters() {
        return List.copyOf(parameters.values());
    }

    /** The parameter names in order. */
    public List<String> names() {
        return List.copyOf(parameters.keySet());
    }

    /** The live array of parameter {@code name}. */
    public double[] values(String name) {
        return get(name).values();
    }

    /** The parameter called {@code name}. */
    public Parameter get(String name) {
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; have " + parameters.keySet());
        }
        return p;
    }

    /** Total number of scalar elements. */
    public long size() {
        long n = 0;
        for (Parameter p : parameters.values()) {
            n += p.values().length;
        }
        return n;
    }

    /** An independent deep copy. */
    public ParameterSet copy() {
        return new ParameterSet(parameters.values().stream()
                .map(p -> new Parameter(p.name(), p.shape(), p.values().clone())).toList());
    }

    /** A set of the same layout filled with zeros. */
    public ParameterSet zerosLike() {
        return new ParameterSet(parameters.values().stream()
                .map(p -> new Parameter(p.name(), p.shape(), new double[p.values().length])).toList());
    }

    /** Overwrites this set's values with {@code source}'s (same layout). */
    public void copyFrom(ParameterSet source) {
        forEachPair(source, (mine, theirs) -> System.arraycopy(theirs, 0, mine, 0, mine.length));
    }

    /** {@code this ← this + scale · other}. */
    public void addScaled(ParameterSet other, double scale) {
        forEachPair(other, (mine, theirs) -> {
            for (int i = 0; i < mine.length; i++) {
                mine[i] += scale * theirs[i];
            }
        });
    }

    /** {@code this ← this + ε (target − this)}: Fish's meta step when {@code this} is θ and target θ̃. */
    public void interpolateToward(ParameterSet target, double epsilon) {
        forEachPair(target, (mine, theirs) -> {
            for (int i = 0; i < mine.length; i++) {
                mine[i] += epsilon * (theirs[i] - mine[i]);
            }
        });
    }

    /** Multiplies every element by {@code factor}. */
    public void scale(double factor) {
        for (Parameter p : parameters.values()) {
            double[] v = p.values();
            for (int i = 0; i < v.length; i++) {
                v[i] *= factor;
            }
        }
    }

    /** The inner product with {@code other} over all elements. */
    public double dot(ParameterSet other) {
        double[] sum = {0};
        forEachPair(other, (mine, theirs) -> {
            for (int i = 0; i < mine.length; i++) {
                sum[0] += mine[i] * theirs[i];
            }
        });
        return sum[0];
    }

    /** The squared Euclidean norm over all elements. */
    public double squaredNorm() {
        return dot(this);
    }

    /** The name of the first parameter (in layout order) holding a NaN or an infinity, if any. */
    public Optional<String> firstNonFinite() {
        for (Parameter p : parameters.values()) {
            for (double v : p.values()) {
                if (!Double.isFinite(v)) {
                    return Optional.of(p.name());
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code other} has the same names, order and shapes. */
    public boolean sameLayout(ParameterSet other) {
        if (other.parameters.size() != parameters.size()) {
            return false;
        }
        var a = parameters.values().iterator();
        var b = other.parameters.values().iterator();
        while (a.hasNext()) {
            Parameter x = a.next();
            Parameter y = b.next();
            if (!x.name().equals(y.name()) || !Arrays.equals(x.shape, y.shape)) {
                return false;
            }
        }
        return true;
    }

    /** Element-wise action on matching arrays of this set and {@code other}. */
    public interface PairAction {
        /** Acts on this set's array and the other set's array of one parameter. */
        void apply(double[] mine, double[] theirs);
    }

    /**
     * Applies {@code action} to each parameter's array here and in {@code other}.
     *
     * @throws IllegalArgumentException naming the first parameter whose name or shape differs
     */
    public void forEachPair(ParameterSet other, PairAction action) {
        if (!sameLayout(other)) {
            throw new IllegalArgumentException("parameter layouts differ: " + parameters.values() + " vs "
                    + other.parameters.values());
        }
        var theirs = other.parameters.values().iterator();
        for (Parameter mine : parameters.values()) {
            action.apply(mine.values(), theirs.next().values());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSet s && s.parameters.equals(parameters);
    }

    @Override
    public int hashCode() {
        return parameters.hashCode();
    }

    @Override
    public String toString() {
        return "ParameterSet" + parameters.values() + " (" + size() + " elements)";
    }
}
