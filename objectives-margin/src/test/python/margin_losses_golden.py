#!/usr/bin/env python3
"""Writes the golden values of the margin losses: ../resources/golden/margin-losses.jsonl.

The references are computed here independently of the Java code: each loss is written straight
from the table in RESEARCH.md section 1 or, for the losses and f-divergences taken from TRL, from the
formulas of TRL's DPOTrainer (plain formulas, no stabilising rewrites) and evaluated in
100-digit decimal arithmetic, and the derivatives are central differences with a step of 1e-30 in
that arithmetic (truncation error ~1e-60, rounding error ~1e-70 relative), so they check the Java
dual-number derivatives without sharing any of their algebra. Inputs and option values are taken at
the exact value of the double the Java side parses from the same text, and results are written in
Python's shortest round-trip form.

Run from anywhere with the standard library only:  python3 margin_losses_golden.py
"""

import decimal
import json
import pathlib
from decimal import Decimal, localcontext

PRECISION = 320  # digits: central differences of e^160-sized losses, and of e^-550-sized terms beside O(1) ones
CLAMP = Decimal(80)  # TRL's clamp of the alpha divergence's exponent (float32)
STEP = Decimal("1e-30")
KINK_DISTANCE = Decimal("1e-12")  # relu arguments closer to 0 than this have no derivative

HERE = pathlib.Path(__file__).resolve().parent
OUTPUT = HERE.parent / "resources" / "golden" / "margin-losses.jsonl"

# Defaults of RESEARCH.md section 1, restated here so the Java providers' defaults are checked too.
DEFAULTS = {
    "dpo": {"beta": "0.1", "label_smoothing": "0"},
    "ipo": {"beta": "0.1"},
    "hinge": {"beta": "0.1"},
    "robust": {"beta": "0.1", "label_smoothing": "0.1"},
    "rdpo": {"beta": "0.1", "alpha": "0.2"},
    "dpop": {"beta": "0.1", "lambda": "50"},
    "nca": {"beta": "0.1"},
    "bco": {"beta": "0.1"},
    "apo-zero": {"beta": "0.1"},
    "sppo-hard": {"beta": "0.1"},
    "simpo": {"beta": "2.0", "gamma": "0.5"},
    "cpo": {"beta": "0.1", "alpha": "1.0"},
    "orpo": {"lambda": "0.1"},
    "rrhf": {"alpha": "1.0"},
    "sft": {"averaging": "sequence"},
    "exo": {"beta": "0.1", "label_smoothing": "0.001"},
    "apo-down": {"beta": "0.1"},
    "dpo-norm": {"beta": "0.1"},
    "discopop": {"beta": "0.1", "tau": "0.05"},
}

# The losses that take an f-divergence (TRL applies it to these; apo-zero reads raw log-ratios there).
DIVERGENCE_IDS = ["dpo", "ipo", "hinge", "robust", "rdpo", "dpop", "nca", "bco", "sppo-hard", "exo", "apo-down",
                  "dpo-norm", "discopop"]
for _id in DIVERGENCE_IDS:
    DEFAULTS[_id].update({"divergence": "reverse_kl", "divergence_alpha": "0.5"})

# Option sets per loss: {} means "all defaults" (the options object in the file stays empty).
OPTION_SETS = {
    "dpo": [{}, {"beta": "0.5"}, {"beta": "0.25", "label_smoothing": "0.2"}, {"label_smoothing": "0.5"}],
    "ipo": [{}, {"beta": "1.0"}, {"beta": "0.02"}],
    "hinge": [{}, {"beta": "0.5"}],
    "robust": [{}, {"beta": "0.3", "label_smoothing": "0.25"}, {"label_smoothing": "0"}],
    "rdpo": [{}, {"beta": "0.2", "alpha": "0.05"}, {"alpha": "0"}],
    "dpop": [{}, {"beta": "0.5", "lambda": "5"}],
    "nca": [{}, {"beta": "1.0"}],
    "bco": [{}, {"beta": "0.5"}],
    "apo-zero": [{}, {"beta": "0.5"}],
    "sppo-hard": [{}, {"beta": "1.0"}],
    "simpo": [{}, {"beta": "10", "gamma": "0.3"}, {"gamma": "0"}],
    "cpo": [{}, {"beta": "0.5", "alpha": "0"}],
    "orpo": [{}, {"lambda": "1.0"}],
    "rrhf": [{}, {"alpha": "0.5"}],
    "sft": [{}],
    "exo": [{}, {"beta": "0.5", "label_smoothing": "0.2"}, {"label_smoothing": "0.49"}],
    "apo-down": [{}, {"beta": "0.5"}],
    "dpo-norm": [{}, {"beta": "2.0"}],
    "discopop": [{}, {"beta": "0.5", "tau": "0.5"}, {"tau": "0.9"}],
}
# Every divergence on every loss that takes one; on dpo also the alpha divergence's clamp (alpha = -3 puts
# (alpha - 1) * rw = 200 above 80 on one pair) and its reverse-KL limit (|alpha - 1| < 1e-6).
for _id in DIVERGENCE_IDS:
    OPTION_SETS[_id] += [{"divergence": "forward_kl"}, {"divergence": "js"},
                         {"divergence": "alpha"}, {"divergence": "alpha", "divergence_alpha": "-3"}]
OPTION_SETS["dpo"] += [{"divergence": "alpha", "divergence_alpha": "1.0000001"},
                       {"beta": "0.5", "divergence": "alpha", "divergence_alpha": "2.5"},
                       {"label_smoothing": "0.2", "divergence": "js"}]

# (logp_chosen, logp_rejected, ref_logp_chosen, ref_logp_rejected, len_chosen, len_rejected)
PAIRS = [
    (-12.5, -14.25, -13.0, -13.5, 5, 7),
    (-40.0, -31.75, -38.5, -33.0, 20, 16),
    (-3.125, -9.0, -4.0, -6.5, 2, 9),
    (-250.0, -180.0, -200.0, -210.0, 64, 48),
    (-0.375, -0.625, -0.5, -0.5, 1, 1),
    (-95.5, -120.25, -101.0, -98.0, 30, 41),
    # a near-certain chosen response: 1 - p of about 1e-12 per token, where log(1 - p) needs care
    (-1e-9, -0.0078125, -0.5, -0.25, 1000, 3),
    # a chosen log-ratio of -150, beyond the forward KL's clamp of -80
    (-300.0, -20.0, -150.0, -25.0, 60, 8),
]


def num(text):
    """An option value as the double the Java side parses, exactly."""
    return Decimal(float(text))


def sigmoid(x):
    return 1 / (1 + (-x).exp())


def log_sigmoid(x):
    return -ln1p((-x).exp())


def ln1p(e):
    """ln(1 + e); below 1e-100 by its series, as 1 + e would round to 1 and lose e's digits."""
    if e < Decimal("1e-100"):
        return e - e * e / 2 + e * e * e / 3
    return (1 + e).ln()


def relu(x):
    if abs(x) < KINK_DISTANCE:
        raise ValueError("relu argument %s is at the kink; choose another pair" % x)
    return x if x > 0 else Decimal(0)


def score(o, r):
    """TRL's f-divergence score of a log-ratio r: f'(pi/pi_ref) up to constants that cancel."""
    kind = o.get("divergence", "reverse_kl")
    if kind == "reverse_kl":
        return r
    if kind == "forward_kl":
        # TRL: -exp(-r), unclamped; Gramian clamps the exponent at 80 like TRL's alpha divergence
        return -clamp(-r).exp()
    if kind == "js":
        return log_sigmoid(r)
    if kind == "alpha":
        a = num(o["divergence_alpha"])
        if abs(a - 1) < Decimal("1e-6"):
            return r
        return clamp((a - 1) * r).exp() / (a - 1)
    raise ValueError("unknown divergence " + kind)


def clamp(t):
    if abs(t - CLAMP) < KINK_DISTANCE:
        raise ValueError("clamp argument %s is at the kink; choose another pair" % t)
    return min(t, CLAMP)


def loss(objective, o, lw, ll, ref_lw, ref_ll, nw, nl):
    """The loss of one pair, straight from the table or TRL's formula."""
    rw = lw - ref_lw
    rl = ll - ref_ll
    sw, sl = score(o, rw), score(o, rl)  # rw, rl unless a divergence is chosen
    h = sw - sl
    nll_w = -lw / nw
    if objective == "dpo":
        b, e = num(o["beta"]), num(o["label_smoothing"])
        return -(1 - e) * log_sigmoid(b * h) - e * log_sigmoid(-b * h)
    if objective == "ipo":
        b = num(o["beta"])
        return (sw / nw - sl / nl - 1 / (2 * b)) ** 2
    if objective == "hinge":
        return relu(1 - num(o["beta"]) * h)
    if objective == "robust":
        b, e = num(o["beta"]), num(o["label_smoothing"])
        return (-(1 - e) * log_sigmoid(b * h) + e * log_sigmoid(-b * h)) / (1 - 2 * e)
    if objective == "rdpo":
        b, a = num(o["beta"]), num(o["alpha"])
        return -log_sigmoid(b * h - a * (nw - nl))
    if objective == "dpop":
        b, lam = num(o["beta"]), num(o["lambda"])
        return -log_sigmoid(b * (h - lam * relu(ref_lw - lw)))
    if objective == "nca":
        b = num(o["beta"])
        return -log_sigmoid(b * sw) - log_sigmoid(-b * sw) / 2 - log_sigmoid(-b * sl) / 2
    if objective == "bco":
        b = num(o["beta"])
        return -log_sigmoid(b * sw) - log_sigmoid(-b * sl)
    if objective == "apo-zero":
        b = num(o["beta"])
        return 1 - sigmoid(b * rw) + sigmoid(b * rl)
    if objective == "sppo-hard":
        b = num(o["beta"])
        return (sw - 1 / (2 * b)) ** 2 + (sl + 1 / (2 * b)) ** 2
    if objective == "simpo":
        b, g = num(o["beta"]), num(o["gamma"])
        return -log_sigmoid(b * (lw / nw - ll / nl) - g)
    if objective == "cpo":
        b, a = num(o["beta"]), num(o["alpha"])
        return -log_sigmoid(b * (lw - ll)) + a * nll_w
    if objective == "orpo":
        lam = num(o["lambda"])
        pw, pl = (lw / nw).exp(), (ll / nl).exp()
        log_odds_w = (pw / (1 - pw)).ln()
        log_odds_l = (pl / (1 - pl)).ln()
        return nll_w - lam * log_sigmoid(log_odds_w - log_odds_l)
    if objective == "rrhf":
        return relu(ll / nl - lw / nw) + num(o["alpha"]) * nll_w
    if objective == "sft":
        if o["averaging"] != "sequence":
            raise ValueError("sft averaging=%s is a batch loss" % o["averaging"])
        return nll_w
    if objective == "exo":
        b, e = num(o["beta"]), num(o["label_smoothing"])
        qw, ql = sigmoid(b * h), sigmoid(-b * h)
        return qw * (qw.ln() - (1 - e).ln()) + ql * (ql.ln() - e.ln())
    if objective == "apo-down":
        b = num(o["beta"])
        return sigmoid(b * rw) + 1 - sigmoid(b * h)
    if objective == "dpo-norm":
        b = num(o["beta"])
        return -log_sigmoid(b * (sw / nw - sl / nl))
    if objective == "discopop":
        b, tau = num(o["beta"]), num(o["tau"])
        x = b * h
        s = sigmoid(x / tau)
        return (1 - s) * -log_sigmoid(x) + s * (-x).exp()
    raise ValueError("unknown objective " + objective)


# Weighted sums (TRL's loss_type list with loss_weights; the first is MPO): option keys "id.key" set one
# component's option, plain keys every component's that declares them, and the prefixed form wins.
COMBINATIONS = {
    "dpo:0.8,bco:0.2,sft:1.0": [{}, {"beta": "0.3"}, {"beta": "0.3", "dpo.beta": "0.05", "dpo.divergence": "js"}],
    "ipo:1.0,exo:0.5": [{"label_smoothing": "0.01"}, {"divergence": "alpha", "divergence_alpha": "0.25"}],
    "apo-zero:1.0,apo-down:2.5,simpo:0.5": [{"beta": "0.2"}, {"simpo.gamma": "1.5"}],
    "discopop:0.5": [{}],
}


def parse_combination(text):
    """[(id, weight)] of "id:w,id:w,..."."""
    return [(part.split(":")[0], num(part.split(":")[1])) for part in text.split(",")]


def combined_loss(text, given, *pair):
    total = Decimal(0)
    for component, weight in parse_combination(text):
        options = dict(DEFAULTS[component])
        options.update({k: v for k, v in given.items() if "." not in k and k in DEFAULTS[component]})
        options.update({k.split(".", 1)[1]: v for k, v in given.items() if k.startswith(component + ".")})
        total += weight * loss(component, options, *pair)
    return total


def golden_row(objective, given, pair):
    if objective in COMBINATIONS:
        return golden_row_of(objective, given, pair, lambda *p: combined_loss(objective, given, *p))
    options = dict(DEFAULTS[objective], **given)
    return golden_row_of(objective, given, pair, lambda *p: loss(objective, options, *p))


def golden_row_of(objective, given, pair, f):
    with localcontext() as ctx:
        ctx.prec = PRECISION
        ctx.Emax, ctx.Emin = 10 ** 8, -10 ** 8
        lw, ll, ref_lw, ref_ll, nw, nl = (Decimal(v) for v in pair)
        value = f(lw, ll, ref_lw, ref_ll, nw, nl)
        d_lw = (f(lw + STEP, ll, ref_lw, ref_ll, nw, nl) - f(lw - STEP, ll, ref_lw, ref_ll, nw, nl)) / (2 * STEP)
        d_ll = (f(lw, ll + STEP, ref_lw, ref_ll, nw, nl) - f(lw, ll - STEP, ref_lw, ref_ll, nw, nl)) / (2 * STEP)
    return row(objective, given, pair, value, d_lw, d_ll)


def row(objective, given, pair, value, d_lw, d_ll, batch=None):
    """One line of the golden file; "batch" names the batch of a batch objective's rows."""
    out = {"objective": objective, "options": given}
    if batch is not None:
        out["batch"] = batch
    out.update(zip(["logp_chosen", "logp_rejected", "ref_logp_chosen", "ref_logp_rejected", "len_chosen",
                    "len_rejected"], pair))
    out.update({"loss": float(value), "d_logp_chosen": float(d_lw), "d_logp_rejected": float(d_ll)})
    return out


# Losses over a whole batch (TRL's aot, aot_unpaired, and sft averaged over the batch's tokens), and
# sums with them. A batch is a list of PAIRS; its rows carry "batch" (the batch's name) and, per pair,
# the batch's loss plus the pair's own per-pair terms (so the batch loss is the mean of the rows'
# losses) and B times the batch loss's derivatives with respect to the pair's log-probabilities.
BATCH_DEFAULTS = {
    "aot": {"beta": "0.1", "label_smoothing": "0"},
    "aot-unpaired": {"beta": "0.1", "label_smoothing": "0"},
}
BATCHES = {
    "all": PAIRS,
    "first-five": PAIRS[:5],
    "one": PAIRS[2:3],
}
BATCH_OBJECTIVES = {
    "aot": [{}, {"beta": "0.5", "label_smoothing": "0.2"}],
    "aot-unpaired": [{}, {"beta": "0.02", "label_smoothing": "0.5"}],
    "sft": [{"averaging": "token"}],
    "dpo:0.8,bco:0.2,sft:1.0": [{"sft.averaging": "token"}],
    "dpo:1.0,aot:0.5": [{"beta": "0.3"}],
}


def aot_loss(o, unpaired, pairs):
    """TRL's aot / aot_unpaired: the smoothed logistic loss of sorted differences, mean over ranks."""
    b, e = num(o["beta"]), num(o["label_smoothing"])
    if unpaired:
        upper = sorted(lw - ref_lw for lw, ll, ref_lw, ref_ll, nw, nl in pairs)
        lower = sorted(ll - ref_ll for lw, ll, ref_lw, ref_ll, nw, nl in pairs)
    else:
        upper = sorted(lw - ll for lw, ll, ref_lw, ref_ll, nw, nl in pairs)
        lower = sorted(ref_lw - ref_ll for lw, ll, ref_lw, ref_ll, nw, nl in pairs)
    total = Decimal(0)
    for u, v in zip(upper, lower):
        d = b * (u - v)
        total += -log_sigmoid(d) * (1 - e) - log_sigmoid(-d) * e
    return total / len(pairs)


def batch_loss(objective, o, pairs):
    """(the batch's loss, each pair's per-pair terms) of a batch objective or sum."""
    if objective in ("aot", "aot-unpaired"):
        return aot_loss(dict(BATCH_DEFAULTS[objective], **o), objective == "aot-unpaired", pairs), None
    if objective == "sft":
        return sum(-p[0] for p in pairs) / sum(p[4] for p in pairs), None
    total, shares = Decimal(0), [Decimal(0)] * len(pairs)
    for component, weight in parse_combination(objective):
        options = dict(BATCH_DEFAULTS.get(component) or DEFAULTS[component])
        options.update({k: v for k, v in o.items() if "." not in k and k in options})
        options.update({k.split(".", 1)[1]: v for k, v in o.items() if k.startswith(component + ".")})
        if component in BATCH_DEFAULTS or (component == "sft" and options["averaging"] == "token"):
            value, _ = batch_loss(component, options, pairs)
            total += weight * value
            shares = [s + weight * value for s in shares]
        else:
            values = [loss(component, options, *p) for p in pairs]
            total += weight * sum(values) / len(pairs)
            shares = [s + weight * v for s, v in zip(shares, values)]
    return total, shares


def batch_rows(objective, given, name, batch):
    with localcontext() as ctx:
        ctx.prec = PRECISION
        ctx.Emax, ctx.Emin = 10 ** 8, -10 ** 8
        pairs = [tuple(Decimal(v) for v in pair) for pair in batch]
        value, shares = batch_loss(objective, given, pairs)
        rows = []
        for i, pair in enumerate(batch):
            def moved(slot, step):
                changed = [list(p) for p in pairs]
                changed[i][slot] += step
                return batch_loss(objective, given, [tuple(p) for p in changed])[0]
            d_lw = len(batch) * (moved(0, STEP) - moved(0, -STEP)) / (2 * STEP)
            d_ll = len(batch) * (moved(1, STEP) - moved(1, -STEP)) / (2 * STEP)
            rows.append(row(objective, given, pair, value if shares is None else shares[i], d_lw, d_ll, name))
    return rows


def main():
    rows, skipped = [], []
    for objective, option_sets in list(OPTION_SETS.items()) + list(COMBINATIONS.items()):
        for given in option_sets:
            for pair in PAIRS:
                try:
                    rows.append(golden_row(objective, given, pair))
                except (decimal.Overflow, decimal.InvalidOperation):
                    # forward_kl and alpha scores reach e^50 on the far pairs, and their margins' e^(e^50)
                    # leave even decimal's range; StabilityTest covers such inputs for finiteness
                    skipped.append((objective, given, pair))
    for objective, option_sets in BATCH_OBJECTIVES.items():
        for given in option_sets:
            for name, batch in BATCHES.items():
                rows.extend(batch_rows(objective, given, name, batch))
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    print("wrote %d rows to %s; %d out of decimal's range" % (len(rows), OUTPUT, len(skipped)))


if __name__ == "__main__":
    main()
