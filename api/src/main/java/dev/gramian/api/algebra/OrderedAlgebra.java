package dev.gramian.api.algebra;

import java.util.List;

/**
 * A scalar algebra whose values can be sorted: what a loss over a whole batch may need beyond the
 * element-wise operations (AOT compares the batch's margins by rank). Implemented by the algebras
 * that hold one value per number, doubles and dual numbers; graph tensors are element-wise only.
 *
 * @param <T> the value type
 */
public interface OrderedAlgebra<T> extends ScalarAlgebra<T> {

    /**
     * The values in ascending order of their value, ties in their given order. Each value keeps its
     * derivatives, so the derivative of the sorted list is the permutation's, as in torch.sort.
     */
    List<T> sorted(List<T> values);
}
