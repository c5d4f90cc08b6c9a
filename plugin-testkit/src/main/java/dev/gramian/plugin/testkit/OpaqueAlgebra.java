package dev.gramian.plugin.testkit;

import dev.gramian.api.algebra.ScalarAlgebra;

/**
 * An algebra whose values hide their numbers, as graph tensors do: a loss that inspects or branches
 * on values (casts to {@code Double}, compares) cannot run on it. Each operation returns a fresh node.
 */
final class OpaqueAlgebra implements ScalarAlgebra<OpaqueAlgebra.Node> {
    static final OpaqueAlgebra INSTANCE = new OpaqueAlgebra();

    /** A value of this algebra: nothing to read. */
    static final class Node {
    }

    private OpaqueAlgebra() {
    }

    private static Node node(Node... inputs) {
        for (Node input : inputs) {
            if (input == null) {
                throw new NullPointerException("an operand is null");
            }
        }
        return new Node();
    }

    @Override
    public Node constant(double value) {
        return new Node();
    }

    @Override
    public Node add(Node a, Node b) {
        return node(a, b);
    }

    @Override
    public Node sub(Node a, Node b) {
        return node(a, b);
    }

    @Override
    public Node mul(Node a, Node b) {
        return node(a, b);
    }

    @Override
    public Node div(Node a, Node b) {
        return node(a, b);
    }

    @Override
    public Node neg(Node a) {
        return node(a);
    }

    @Override
    public Node exp(Node a) {
        return node(a);
    }

    @Override
    public Node log(Node a) {
        return node(a);
    }

    @Override
    public Node softplus(Node a) {
        return node(a);
    }

    @Override
    public Node sigmoid(Node a) {
        return node(a);
    }

    @Override
    public Node relu(Node a) {
        return node(a);
    }

    @Override
    public Node square(Node a) {
        return node(a);
    }

    @Override
    public Node log1mExp(Node a) {
        return node(a);
    }
}
