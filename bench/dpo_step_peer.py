# PyTorch peer of `gramian bench gram`'s DPO step: same model shape and batch
# (pre-LN causal Transformer, vocab 259, ctx 128, 4 layers, width 256, 4 heads,
# MLP 1024, GELU tanh, learned positions, untied head; 16 pairs x 129 tokens,
# prompt 32 tokens, response log-probs summed; DPO beta 0.1; plain SGD step).
# Prints the median step time in ms over REPEATS timed steps after a warm-up, and the median
# process CPU time per step (both threads together; steadier than wall time on a loaded machine).
# Usage: dpo_step_peer.py [REPEATS] [fp32|bf16]   (bf16: torch.autocast on the CPU, AMX where present)
# A documentation tool: neither the tests nor CI run it.
import sys, time, statistics, math, torch, torch.nn as nn, torch.nn.functional as F
torch.manual_seed(7)
V, CTX, L, D, H, M = 259, 128, 4, 256, 4, 1024
PAIRS, TOK, REPEATS = 16, 129, int(sys.argv[1]) if len(sys.argv) > 1 else 5
BF16 = len(sys.argv) > 2 and sys.argv[2] == "bf16"
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
class LM(nn.Module):
    def __init__(s):
        super().__init__(); s.tok = nn.Embedding(V, D); s.pos = nn.Embedding(CTX, D)
        s.blocks = nn.ModuleList(Block() for _ in range(L)); s.ln = nn.LayerNorm(D); s.head = nn.Linear(D, V)
    def logp(s, ids, prompt):
        x = s.tok(ids[:, :-1]) + s.pos.weight[:ids.shape[1]-1]
        for b in s.blocks: x = b(x)
        lp = F.log_softmax(s.head(s.ln(x)), -1).gather(-1, ids[:, 1:, None]).squeeze(-1)
        return lp[:, prompt-1:].sum(-1)
g = torch.Generator().manual_seed(7)
prompt = TOK // 4; differ = (TOK - prompt) // 4
w = torch.randint(0, 256, (PAIRS, TOK), generator=g); l = w.clone()
l[:, prompt:prompt+differ] = torch.randint(0, 256, (PAIRS, differ), generator=g)
ids = torch.cat([w, l])
model = LM()
with torch.no_grad(): ref = model.logp(ids, prompt)
opt = torch.optim.SGD(model.parameters(), lr=1e-3)
def step():
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=BF16):
        lp = model.logp(ids, prompt).float()
    h = (lp[:PAIRS] - ref[:PAIRS]) - (lp[PAIRS:] - ref[PAIRS:])
    loss = -F.logsigmoid(0.1 * h).sum()
    opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
step(); step()
ts, cs = [], []
for _ in range(REPEATS):
    t, c = time.perf_counter(), time.process_time(); step()
    ts.append((time.perf_counter() - t) * 1e3); cs.append((time.process_time() - c) * 1e3)
print("torch %s %s threads %d step_ms %.1f cpu_ms %.1f" % (torch.__version__, "bf16" if BF16 else "fp32",
      torch.get_num_threads(), statistics.median(ts), statistics.median(cs)))
