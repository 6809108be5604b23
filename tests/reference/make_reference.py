#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes tests/reference/reference.h: forward outputs, mean loss and exact
gradients of four tiny fixed networks, computed independently of mlp's C code.

Pure standard library. Every formula is the textbook one, written out:
Z = X W^T + b per layer (W is (n_out, n_in) row-major), A = f(Z), the loss
from its definition on the outputs A, and backprop through dL/dA and the
derivative of each activation (the full softmax Jacobian, the sigmoid
derivative y(1-y)), not the fused shortcuts mlp uses. Agreement with mlp
therefore checks the fused forms too.

Everything is computed twice with the same code: once in double (the values
written out) and once in 50-digit decimal arithmetic. The script refuses to
write the header unless the two agree to 1e-14 relative and no sum loses
more than three digits to cancellation, so every value is well conditioned
and a correct C implementation, summing in another order, lands within the
1e-12 tolerance of tests/test_reference.c.

Usage: python3 tests/reference/make_reference.py   (from anywhere)
"""

import decimal
import math
import os
import sys

LEAKY_SLOPE = 0.01        # MLP_LEAKY_SLOPE in include/mlp/activation.h
AGREE_REL = 1e-14         # double vs 50-digit result, per value
MAX_CANCELLATION = 1e3    # sum |terms| / |sum| for every sum in the double pass
MIN_LEAKY_ABS_Z = 0.1     # leaky_relu pre-activations stay away from the kink

# ----------------------------------------------------------------------------
# The four networks: weights, inputs and targets as literals.

NETS = [
    {
        "name": "tanh_softmax_ce",
        "sizes": [3, 4, 2],
        "acts": ["tanh", "softmax"],
        "loss": "cross_entropy",
        "W": [
            [[0.4, -0.3, 0.6],
             [-0.5, 0.2, 0.1],
             [0.3, 0.7, -0.4],
             [-0.2, -0.6, 0.5]],
            [[0.8, -0.5, 0.3, -0.7],
             [-0.4, 0.6, -0.9, 0.2]],
        ],
        "b": [
            [0.15, -0.2, 0.05, 0.3],
            [0.2, -0.3],
        ],
        "X": [[0.5, -1.2, 0.3],
              [-0.7, 0.4, 1.1],
              [1.3, 0.8, -0.6],
              [-0.2, -0.9, -1.4],
              [0.9, 0.1, 0.7]],
        "T": [[1.0, 0.0],
              [0.0, 1.0],
              [0.0, 1.0],
              [1.0, 0.0],
              [0.0, 1.0]],
    },
    {
        "name": "sigmoid_sigmoid_bce",
        "sizes": [2, 3, 1],
        "acts": ["sigmoid", "sigmoid"],
        "loss": "binary_cross_entropy",
        "W": [
            [[0.9, -0.4],
             [-0.6, 0.8],
             [0.5, 0.7]],
            [[1.2, -0.8, 0.6]],
        ],
        "b": [
            [0.1, -0.3, 0.2],
            [-0.25],
        ],
        "X": [[0.2, 0.9],
              [-1.0, 0.5],
              [0.7, -0.3],
              [1.5, 1.1],
              [-0.4, -1.3]],
        "T": [[1.0],
              [0.0],
              [0.0],
              [0.0],
              [1.0]],
    },
    {
        "name": "leaky_linear_mse",
        "sizes": [2, 3, 2],
        "acts": ["leaky_relu", "linear"],
        "loss": "mse",
        "W": [
            [[0.7, -0.4],
             [-0.5, 0.9],
             [0.6, 0.8]],
            [[0.5, -0.3, 0.8],
             [-0.6, 0.9, 0.2]],
        ],
        "b": [
            [0.2, -0.1, 0.15],
            [0.1, -0.05],
        ],
        "X": [[1.0, 0.5],
              [-0.8, 1.2],
              [0.3, -1.5],
              [1.4, -0.2],
              [-1.1, -0.7]],
        "T": [[0.9, -0.2],
              [0.1, 0.6],
              [-0.5, 0.3],
              [1.2, -0.8],
              [-0.3, 0.1]],
    },
    {
        "name": "softplus_tanh_mse",
        "sizes": [3, 3, 2],
        "acts": ["softplus", "tanh"],
        "loss": "mse",
        "W": [
            [[0.6, -0.5, 0.3],
             [-0.4, 0.8, 0.5],
             [0.7, 0.2, -0.6]],
            [[0.9, -0.7, 0.4],
             [-0.5, 0.6, 0.8]],
        ],
        "b": [
            [-0.3, 0.2, 0.1],
            [0.05, -0.15],
        ],
        "X": [[0.8, -1.1, 0.4],
              [-1.3, 0.5, 0.9],
              [0.2, 1.4, -0.7],
              [1.6, 0.3, 1.2],
              [-0.6, -0.9, -1.5]],
        "T": [[0.5, -0.4],
              [-0.2, 0.7],
              [0.8, 0.1],
              [-0.6, -0.3],
              [0.3, 0.9]],
    },
]

# ----------------------------------------------------------------------------
# Arithmetic: the same code runs on floats and on Decimals.


class FloatOps:
    """Double precision with math.exp/log, and a record of the worst
    cancellation seen in any sum."""

    def __init__(self):
        self.worst_cancellation = 1.0

    def num(self, x):
        return float(x)

    def exp(self, x):
        return math.exp(x)

    def log(self, x):
        return math.log(x)

    def tanh(self, x):
        return math.tanh(x)

    def sum(self, terms):
        terms = list(terms)
        total = 0.0
        for t in terms:
            total += t
        mag = sum(abs(t) for t in terms)
        if mag != 0.0:
            ratio = math.inf if total == 0.0 else mag / abs(total)
            self.worst_cancellation = max(self.worst_cancellation, ratio)
        return total


class DecimalOps:
    """50 significant digits (the context is set once, below); float inputs
    are converted exactly, so both passes start from the same doubles."""

    def num(self, x):
        return decimal.Decimal(x)

    def exp(self, x):
        return x.exp()

    def log(self, x):
        return x.ln()

    def tanh(self, x):
        e = (2 * x).exp()
        return (e - 1) / (e + 1)

    def sum(self, terms):
        total = decimal.Decimal(0)
        for t in terms:
            total += t
        return total


decimal.getcontext().prec = 50


# ----------------------------------------------------------------------------
# Forward, loss and backprop, textbook forms.


def activate(ops, act, z_row):
    if act == "sigmoid":
        return [1 / (1 + ops.exp(-z)) for z in z_row]
    if act == "tanh":
        return [ops.tanh(z) for z in z_row]
    if act == "leaky_relu":
        return [z if z > 0 else ops.num(LEAKY_SLOPE) * z for z in z_row]
    if act == "linear":
        return list(z_row)
    if act == "softplus":
        return [ops.log(1 + ops.exp(z)) for z in z_row]
    if act == "softmax":
        m = max(z_row)
        e = [ops.exp(z - m) for z in z_row]
        s = ops.sum(e)
        return [v / s for v in e]
    raise ValueError(act)


def activation_backward(ops, act, z_row, a_row, da_row):
    """dZ from dA through f, using f' at z (for softmax, its Jacobian)."""
    if act == "sigmoid":
        return [da * a * (1 - a) for a, da in zip(a_row, da_row)]
    if act == "tanh":
        return [da * (1 - ops.tanh(z) ** 2) for z, da in zip(z_row, da_row)]
    if act == "leaky_relu":
        return [da if z > 0 else da * ops.num(LEAKY_SLOPE) for z, da in zip(z_row, da_row)]
    if act == "linear":
        return list(da_row)
    if act == "softplus":
        # d/dz log(1 + e^z) = e^z / (1 + e^z) = 1 / (1 + e^-z), from z.
        return [da / (1 + ops.exp(-z)) for z, da in zip(z_row, da_row)]
    if act == "softmax":
        # da_j/dz_i = a_j (delta_ji - a_i); dz_i = sum_j dA_j da_j/dz_i.
        k = len(a_row)
        return [ops.sum(da_row[j] * a_row[j] * ((1 if i == j else 0) - a_row[i])
                        for j in range(k))
                for i in range(k)]
    raise ValueError(act)


def loss_and_dA(ops, loss, A, T):
    """Mean loss and dL/dA for outputs A and targets T, both (N, K)."""
    n, k = len(A), len(A[0])
    if loss == "mse":
        d = ops.num(n * k)
        value = ops.sum((a - t) ** 2 for ra, rt in zip(A, T) for a, t in zip(ra, rt)) / d
        dA = [[2 * (a - t) / d for a, t in zip(ra, rt)] for ra, rt in zip(A, T)]
    elif loss == "cross_entropy":
        d = ops.num(n)
        value = ops.sum(-ops.sum(t * ops.log(a) for a, t in zip(ra, rt) if t != 0)
                        for ra, rt in zip(A, T)) / d
        dA = [[-t / a / d for a, t in zip(ra, rt)] for ra, rt in zip(A, T)]
    elif loss == "binary_cross_entropy":
        d = ops.num(n * k)
        terms = []
        for ra, rt in zip(A, T):
            for a, t in zip(ra, rt):
                term = 0
                if t != 0:
                    term = term - t * ops.log(a)
                if t != 1:
                    term = term - (1 - t) * ops.log(1 - a)
                terms.append(term)
        value = ops.sum(terms) / d
        dA = [[-(t / a - (1 - t) / (1 - a)) / d for a, t in zip(ra, rt)]
              for ra, rt in zip(A, T)]
    else:
        raise ValueError(loss)
    return value, dA


def class_of(row):
    """mlp_net_class_of: one unit -> y > 0.5; several -> first argmax."""
    if len(row) == 1:
        return 1 if row[0] > 0.5 else 0
    best = 0
    for i, v in enumerate(row):
        if v > row[best]:
            best = i
    return best


def evaluate(ops, net):
    X = [[ops.num(v) for v in r] for r in net["X"]]
    T = [[ops.num(v) for v in r] for r in net["T"]]
    Ws = [[[ops.num(v) for v in r] for r in W] for W in net["W"]]
    bs = [[ops.num(v) for v in b] for b in net["b"]]
    L = len(Ws)

    # Forward: inputs[l] feeds layer l; Zs[l], As[l] are its logits and outputs.
    inputs, Zs, As = [], [], []
    cur = X
    for l in range(L):
        W, b, act = Ws[l], bs[l], net["acts"][l]
        Z = [[ops.sum([b[o]] + [W[o][i] * x[i] for i in range(len(x))]) for o in range(len(W))]
             for x in cur]
        A = [activate(ops, act, z) for z in Z]
        inputs.append(cur)
        Zs.append(Z)
        As.append(A)
        cur = A

    value, dA = loss_and_dA(ops, net["loss"], cur, T)

    dWs, dbs = [None] * L, [None] * L
    for l in reversed(range(L)):
        act = net["acts"][l]
        dZ = [activation_backward(ops, act, z, a, da) for z, a, da in zip(Zs[l], As[l], dA)]
        n_out, n_in = len(Ws[l]), len(Ws[l][0])
        rows = range(len(dZ))
        dWs[l] = [[ops.sum(dZ[r][o] * inputs[l][r][i] for r in rows) for i in range(n_in)]
                  for o in range(n_out)]
        dbs[l] = [ops.sum(dZ[r][o] for r in rows) for o in range(n_out)]
        dA = [[ops.sum(dZ[r][o] * Ws[l][o][i] for o in range(n_out)) for i in range(n_in)]
              for r in rows]

    return {"Z": Zs, "out": As[-1], "loss": value, "dW": dWs, "db": dbs}


# ----------------------------------------------------------------------------
# Checks and output.


def flat(x):
    if isinstance(x, list):
        for v in x:
            yield from flat(v)
    else:
        yield x


def check(net, f, d, fops):
    worst = 0.0
    for key in ("out", "loss", "dW", "db"):
        for fv, dv in zip(flat(f[key]), flat(d[key])):
            ref = float(dv)
            rel = abs(fv - ref) / abs(ref) if ref != 0 else abs(fv)
            worst = max(worst, rel)
            if rel > AGREE_REL:
                sys.exit(f"{net['name']}: {key} {fv!r} vs 50-digit {ref!r}: rel {rel:.3g}")
    if fops.worst_cancellation > MAX_CANCELLATION:
        sys.exit(f"{net['name']}: a sum cancels by {fops.worst_cancellation:.3g}; change weights")
    for l, act in enumerate(net["acts"]):
        if act == "leaky_relu":
            z_min = min(abs(z) for z in flat(f["Z"][l]))
            if z_min < MIN_LEAKY_ABS_Z:
                sys.exit(f"{net['name']}: leaky_relu pre-activation {z_min!r} too near 0")
    return worst


def c_array(name, matrix):
    """A static const double array, one matrix row (or a whole vector) a line."""
    rows = matrix if isinstance(matrix[0], list) else [matrix]
    n = sum(len(r) for r in rows)
    body = ",\n    ".join(", ".join("%.17g" % v for v in r) for r in rows)
    return f"static const double {name}[{n}] = {{\n    {body}\n}};\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_path = os.path.join(here, "reference.h")
    max_layers = max(len(n["acts"]) for n in NETS)

    parts = [
        "/* SPDX-License-Identifier: MIT */\n"
        "/* reference.h: GENERATED by tests/reference/make_reference.py; do not edit.\n"
        " * Forward outputs, mean loss and d(mean loss)/d(params) of four tiny\n"
        " * fixed networks, computed in pure Python independently of mlp.\n"
        " * W is (n_out, n_in) row-major; X, T and out are (rows, units) row-major. */\n",
        "#ifndef MLP_TEST_REFERENCE_H\n#define MLP_TEST_REFERENCE_H\n\n#include <stddef.h>\n\n",
        f"#define REF_MAX_LAYERS {max_layers}\n\n",
        "typedef struct {\n"
        "    const char *name;\n"
        "    size_t n_layers;\n"
        "    size_t sizes[REF_MAX_LAYERS + 1];\n"
        "    const char *acts[REF_MAX_LAYERS]; /* spec names */\n"
        "    const char *loss;                 /* spec name */\n"
        "    size_t rows;\n"
        "    const double *X, *T;\n"
        "    const double *W[REF_MAX_LAYERS], *b[REF_MAX_LAYERS];\n"
        "    const double *out;                /* (rows, sizes[n_layers]) */\n"
        "    double loss_value;                /* the mean loss */\n"
        "    size_t correct;                   /* rows with class_of(out) == class_of(T) */\n"
        "    const double *dW[REF_MAX_LAYERS], *db[REF_MAX_LAYERS];\n"
        "} ref_net;\n\n",
    ]
    entries = []
    for idx, net in enumerate(NETS):
        assert [len(net["X"][0])] + [len(b) for b in net["b"]] == net["sizes"]
        fops = FloatOps()
        f = evaluate(fops, net)
        d = evaluate(DecimalOps(), net)
        worst = check(net, f, d, fops)
        correct = sum(1 for o, t in zip(f["out"], net["T"]) if class_of(o) == class_of(t))
        p = f"ref{idx}_"
        L = len(net["acts"])
        parts.append(f"/* {net['name']}: {'-'.join(map(str, net['sizes']))}, "
                     f"{'/'.join(net['acts'])}, {net['loss']}; double vs 50-digit: "
                     f"worst rel {worst:.2g}, worst cancellation {fops.worst_cancellation:.3g} */\n")
        parts.append(c_array(p + "X", net["X"]))
        parts.append(c_array(p + "T", net["T"]))
        for l in range(L):
            parts.append(c_array(f"{p}W{l}", net["W"][l]))
            parts.append(c_array(f"{p}b{l}", net["b"][l]))
        parts.append(c_array(p + "out", f["out"]))
        for l in range(L):
            parts.append(c_array(f"{p}dW{l}", f["dW"][l]))
            parts.append(c_array(f"{p}db{l}", f["db"][l]))
        parts.append("\n")

        def arr(fmt):
            return "{" + ", ".join(fmt.format(p=p, l=l) for l in range(L)) + "}"

        entries.append(
            "    {\n"
            f"        \"{net['name']}\", {L}, {{{', '.join(map(str, net['sizes']))}}},\n"
            f"        {{{', '.join(chr(34) + a + chr(34) for a in net['acts'])}}}, \"{net['loss']}\",\n"
            f"        {len(net['X'])}, {p}X, {p}T,\n"
            f"        {arr('{p}W{l}')}, {arr('{p}b{l}')},\n"
            f"        {p}out, {'%.17g' % f['loss']}, {correct},\n"
            f"        {arr('{p}dW{l}')}, {arr('{p}db{l}')},\n"
            "    },\n")
        print(f"{net['name']}: loss {f['loss']!r}, correct {correct}/{len(net['X'])}, "
              f"worst rel vs 50-digit {worst:.2g}, worst cancellation "
              f"{fops.worst_cancellation:.3g}", file=sys.stderr)

    parts.append(f"#define REF_N_NETS {len(NETS)}\n\n")
    parts.append("static const ref_net ref_nets[REF_N_NETS] = {\n" + "".join(entries) + "};\n\n")
    parts.append("#endif\n")
    with open(out_path, "w", encoding="ascii") as fh:
        fh.write("".join(parts))
    print(f"wrote {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
