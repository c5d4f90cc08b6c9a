# PyTorch peer of `gramian bench pretrained`'s DPO step: a decoder shaped like GPT-2 small
# (vocabulary 50257, context 1024, 12 layers, width 768, 12 heads, MLP 3072, GELU tanh, learned
# positions, LayerNorm eps 1e-5, tied input/output embedding; 124M parameters) with random weights
# (matrices uniform with standard deviation 0.02, gains 1, biases 0), 4 pairs x 256 tokens whose
# prompt is the first half and whose responses differ entirely; response log-probabilities summed,
# reference log-probabilities from the start weights, DPO beta 0.1, Adam at lr 1e-5 on all weights
# (--lora-rank is not mirrored here). Prints the median step time in ms over REPEATS timed steps after
# a warm-up, the median process CPU time per step (all threads together; steadier than wall time
# on a loaded machine), the step's GFLOP/s (its matrix products over the median wall time) and the
# peak resident memory.
# Usage: gpt2_step_peer.py [REPEATS] [fp32|bf16] [PAIRS] [TOKENS]   (bf16: torch.autocast on the CPU)
# A documentation tool: neither the tests nor CI run it.
import sys, time, statistics, math, resource, torch, torch.nn as nn, torch.nn.functional as F
torch.manual_seed(7)
V, CTX, L, D, H, M = 50257, 1024, 12, 768, 12, 3072
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
BF16 = len(sys.argv) > 2 and sys.argv[2] == "bf16"
PAIRS = int(sys.argv[3]) if len(sys.argv) > 3 else 4
TOK = int(sys.argv[4]) if len(sys.argv) > 4 else 256
class Block(nn.Module):
    def __init__(s):
        super().__init__(); s.ln1 = nn.LayerNorm(D); s.qkv = nn.Linear(D, 3*D); s.o = nn.Linear(D, D)
        s.ln2 = nn.LayerNorm(D); s.up = nn.Linear(D, M); s.down = nn.Linear(M, D)
    def forward(s, x):
        B, T, _ = x.shape
        q, k, v = s.qkv(s.ln1(x)).view(B, T, 3, H, D//H).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(B, T, D)
        x = x + s.o(a)
        return x + s.down(F.gelu(s.up(s.ln2(x)), approximate="tanh"))
class GPT2(nn.Module):
    def __init__(s):
        super().__init__(); s.tok = nn.Embedding(V, D); s.pos = nn.Embedding(CTX, D)
        s.blocks = nn.ModuleList(Block() for _ in range(L)); s.ln = nn.LayerNorm(D)
        half = 0.02 * math.sqrt(3)
        with torch.no_grad():
            for name, p in s.named_parameters():
                if p.dim() == 2: p.uniform_(-half, half)
                elif name.endswith("weight"): p.fill_(1)
                else: p.zero_()
    def logp(s, ids, prompt):
        x = s.tok(ids[:, :-1]) + s.pos.weight[:ids.shape[1]-1]
        for b in s.blocks: x = b(x)
        h = s.ln(x)[:, prompt-1:]          # only response positions need logits
        lp = F.log_softmax((h @ s.tok.weight.t()).float(), -1).gather(-1, ids[:, prompt:, None]).squeeze(-1)
        return lp.sum(-1)
g = torch.Generator().manual_seed(8)
prompt = TOK // 2
w = torch.randint(0, V, (PAIRS, TOK), generator=g); l = w.clone()
l[:, prompt:] = torch.randint(0, V, (PAIRS, TOK - prompt), generator=g)
ids = torch.cat([w, l])
model = GPT2()
print("parameters %d" % sum(p.numel() for p in model.parameters()), flush=True)
with torch.no_grad(): ref = model.logp(ids, prompt)
opt = torch.optim.Adam(model.parameters(), lr=1e-5)
def step():
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=BF16):
        lp = model.logp(ids, prompt).float()
    h = (lp[:PAIRS] - ref[:PAIRS]) - (lp[PAIRS:] - ref[PAIRS:])
    loss = -F.logsigmoid(0.1 * h).mean()
    opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
step()
ts, cs = [], []
for _ in range(REPEATS):
    t, c = time.perf_counter(), time.process_time(); step()
    ts.append((time.perf_counter() - t) * 1e3); cs.append((time.process_time() - c) * 1e3)
# The step's matrix-product FLOPs, counted as PretrainedStepBenchmark.stepFlops() counts Gramian's: linear layers
# over all rows and the head over the scored rows, forward and both backward products; attention over T x T.
rows, scored, T = 2 * PAIRS * (TOK - 1), 2 * PAIRS * (TOK - prompt), TOK - 1
flops = 3 * (2 * rows * L * (4 * D * D + 2 * D * M) + 2 * scored * D * V) + 3 * 4 * 2 * PAIRS * T * T * D * L
print("torch %s %s threads %d step_ms %.1f cpu_ms %.1f gflop_per_s %.2f peak_rss_bytes %d" % (torch.__version__,
      "bf16" if BF16 else "fp32", torch.get_num_threads(), statistics.median(ts), statistics.median(cs),
      flops / statistics.median(ts) / 1e6, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))
