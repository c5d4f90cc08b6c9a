# PyTorch peer of bench/MatMulShapes.java: the matrix products of the reference DPO step
# (`gramian bench gram`), each timed alone, as PyTorch runs them (nn.Linear stores W as [out, in]:
# forward x·Wᵀ, input gradient dy·W, weight gradient dyᵀ·x; the attention's products with bmm).
# Prints the same rows: median milliseconds over REPEATS and GFLOP/s, then the sums.
# Usage: matmul_peer.py [ROWS] [REPEATS]
# A documentation tool: neither the tests nor CI run it.
import sys, time, torch
ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
REPEATS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
HEADS, HEAD_DIM, POSITIONS = 4, 64, 128
torch.set_grad_enabled(False)
def time_ms(label, flops, f):
    ts = []
    for r in range(REPEATS + 2):
        t = time.perf_counter(); f(); ms = (time.perf_counter() - t) * 1e3
        if r >= 2: ts.append(ms)
    m = sorted(ts)[REPEATS // 2]
    print("%-32s %9.2f ms %7.1f GFLOP/s" % (label, m, flops / m / 1e6))
    return m
linear_ms = linear_flops = attention_ms = 0.0
for i, o in [(256, 256), (256, 1024), (1024, 256)]:
    x, w, dy = torch.randn(ROWS, i), torch.randn(o, i), torch.randn(ROWS, o)
    flops = 2.0 * ROWS * i * o; name = "%d->%d" % (i, o)
    linear_ms += time_ms("linear %s forward" % name, flops, lambda: x @ w.t())
    linear_ms += time_ms("linear %s input grad" % name, flops, lambda: dy @ w)
    linear_ms += time_ms("linear %s weight grad" % name, flops, lambda: dy.t() @ x)
    linear_flops += 3 * flops
batch = ROWS // POSITIONS * HEADS
flops = 2.0 * batch * POSITIONS * POSITIONS * HEAD_DIM
h, s = torch.randn(batch, POSITIONS, HEAD_DIM), torch.randn(batch, POSITIONS, POSITIONS)
attention_ms += time_ms("attention q·kT", flops, lambda: torch.bmm(h, h.transpose(1, 2)))
attention_ms += time_ms("attention p·v", flops, lambda: torch.bmm(s, h))
attention_ms += time_ms("attention pT·dy", flops, lambda: torch.bmm(s.transpose(1, 2), h))
attention_ms += time_ms("attention dy·vT", flops, lambda: torch.bmm(h, h.transpose(1, 2)))
print("%-32s %9.2f ms %7.1f GFLOP/s" % ("sum: linear products", linear_ms, linear_flops / linear_ms / 1e6))
print("%-32s %9.2f ms %7.1f GFLOP/s" % ("sum: attention products", attention_ms, 4 * flops / attention_ms / 1e6))
