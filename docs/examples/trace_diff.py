#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The worked example of docs/trace.md: find a bug in a hand-written
backward pass by diffing it, array by array, against mlptrain --trace.

    /usr/bin/python3 docs/examples/trace_diff.py build/mlptrain
    /usr/bin/python3 docs/examples/trace_diff.py --trace trace.json

It runs mlptrain on docs/examples/trace_xor.json (XOR, 2 -> 3 sigmoid ->
2 softmax, cross-entropy) for one epoch with --trace, then replays that
pass in numpy from the initial weights stored in the trace: once written
correctly and once with each of three classic bugs. For each it prints the
first array that differs from the trace, with the formula mlp used for it.
Exit status 0 when the correct version matches every array and each bug is
caught exactly where docs/trace.md says; 1 otherwise.
"""

import json
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "trace_xor.json")

# Arrays are compared to 1e-12 relative (plus 1e-15 absolute for values near
# 0): the trace is exact to 17 digits and numpy's float64 sums in another
# order, which moves the last bits only.
RTOL, ATOL = 1e-12, 1e-15


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def forward(X, T, W1, b1, W2, b2):
    Z1 = X @ W1.T + b1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2.T + b2
    A2 = softmax(Z2)
    loss = -np.sum(T * np.log(A2)) / X.shape[0]
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2, "loss": loss}


def backward(X, T, W1, b1, W2, b2, bug=None):
    """The pass, with one of the seed bugs when asked."""
    f = forward(X, T, W1, b1, W2, b2)
    N = X.shape[0]
    A1, A2 = f["A1"], f["A2"]
    if bug == "softmax-unfused":
        # dL/dA2 = -T / A2 / N, then the sigmoid-style "derivative"
        # A2 (1 - A2) instead of the softmax Jacobian: wrong unless fused.
        dZ2 = (-T / A2 / N) * A2 * (1 - A2)
    else:
        dZ2 = (A2 - T) / N  # softmax + cross-entropy, fused
    dW2 = dZ2.T @ A1
    db2 = dZ2.sum(axis=0)
    dA1 = dZ2 @ W2
    if bug == "sigmoid-sign":
        dZ1 = dA1 * (A1 * (A1 - 1))  # the derivative with the wrong sign
    elif bug == "derivative-twice":
        dZ1 = dA1 * (sigmoid(A1) * (1 - sigmoid(A1)))  # f'(f(z)) instead of f'(z)
    else:
        dZ1 = dA1 * (A1 * (1 - A1))
    dW1 = dZ1.T @ X
    db1 = dZ1.sum(axis=0)
    f.update({"dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1})
    return f


def first_difference(trace, ours):
    """The first step of the trace (in its order) whose array we computed and
    that differs, as (step, largest absolute difference), or None."""
    for step in trace["steps"]:
        key = step["key"]
        if key not in ours:
            continue
        want = np.asarray(step["data"], dtype=float)
        got = np.asarray(ours[key], dtype=float).reshape(want.shape)
        if not np.allclose(got, want, rtol=RTOL, atol=ATOL):
            return step, float(np.max(np.abs(got - want)))
    return None


def load_trace(argv):
    if len(argv) == 3 and argv[1] == "--trace":
        with open(argv[2]) as f:
            return json.load(f)
    if len(argv) != 2 or argv[1].startswith("-"):
        sys.exit("usage: trace_diff.py MLPTRAIN | trace_diff.py --trace TRACE.json")
    with tempfile.TemporaryDirectory(prefix="mlp-trace-example-") as tmp:
        path = os.path.join(tmp, "trace.json")
        subprocess.run([argv[1], "--config", SPEC, "--quiet", "--trace", path,
                        "--weights", os.path.join(tmp, "w.bin"),
                        "--loss-log", os.path.join(tmp, "loss.csv")], check=True)
        with open(path) as f:
            return json.load(f)


def main(argv):
    trace = load_trace(argv)
    steps = {s["key"]: s for s in trace["steps"]}
    X = np.asarray(steps["X"]["data"])
    T = np.asarray(steps["T"]["data"])
    # Start from the initial weights the trace exports (epoch 1: the pass's own).
    init = trace["initial_weights"]
    W1, b1 = np.asarray(init[0]["W"]), np.asarray(init[0]["b"])
    W2, b2 = np.asarray(init[1]["W"]), np.asarray(init[1]["b"])

    expected = {None: None, "sigmoid-sign": "dZ1", "derivative-twice": "dZ1",
                "softmax-unfused": "dZ2"}
    ok = True
    for bug, where in expected.items():
        ours = backward(X, T, W1, b1, W2, b2, bug)
        found = first_difference(trace, ours)
        name = bug or "correct"
        if found is None:
            print(f"{name:17s} every array matches the trace")
        else:
            step, diff = found
            print(f"{name:17s} first difference at step {step['step']}, {step['key']} "
                  f"(max |diff| {diff:.3g}); mlp computes it as: {step['formula']}")
        got = found[0]["key"] if found else None
        if got != where:
            print(f"  expected the first difference at {where}, found it at {got}", file=sys.stderr)
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
