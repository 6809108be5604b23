#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The Python peers of the benchmark: numpy and PyTorch, float64, full batch.

    /usr/bin/python3 bench/peers.py SYSTEM SPEC EXPORT_DIR THREADS EPOCHS
    /usr/bin/python3 bench/peers.py loadtxt FILE.csv
    /usr/bin/python3 bench/peers.py torchjob SPEC FILE.csv THREADS EPOCHS OUTDIR

SYSTEM is "numpy" (forward, loss and backward written out by hand) or
"torch" (autograd for the gradient, then a manual step
`p -= lr * p.grad` under no_grad: no optimizer object). Both start from the
initial weights mlp exported (init.f64) and train on the matrices mlp built
from the CSV (X.f64, Y.f64), so their losses can be compared with mlp's.
The losses are mlp's definitions (docs/losses.md): cross_entropy is the mean
over rows, binary_cross_entropy and mse the mean over rows x outputs.
The thread count goes to OpenBLAS (both use Debian's, through libblas.so.3)
and to torch's intra-op pool; it must be set before numpy is imported, so
this script sets the environment and re-executes itself once.

Prints one JSON object: ms_per_epoch is the wall time of the epoch loop over
the epochs, after BENCH_WARMUP untimed epochs (0 when unset); peak_rss_mb the peak resident memory from the start of training
(data loaded) to its end; final_loss the loss after the last update.
"""

import json
import os
import re
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in scripts/ from the import below
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import cli_usage  # noqa: E402  (--help and the one form of a usage error)

# The operands of each mode after its name (the usage above), and the modules
# each imports: all of it is checked before any work (or the re-execution).
MODES = {
    "numpy": ("SPEC EXPORT_DIR THREADS EPOCHS", ["numpy"]),
    "torch": ("SPEC EXPORT_DIR THREADS EPOCHS", ["numpy", "torch"]),
    "loadtxt": ("FILE.csv", ["numpy"]),
    "torchjob": ("SPEC FILE.csv THREADS EPOCHS OUTDIR", ["numpy", "torch"]),
}
PACKAGES = {"numpy": "python3-numpy", "torch": "python3-torch"}


def reexec_with_threads(threads):
    want = str(threads)
    keys = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    if all(os.environ.get(k) == want for k in keys):
        return
    env = dict(os.environ)
    for k in keys:
        env[k] = want
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


def warmup():
    """Epochs to train untimed before the timed ones: BENCH_WARMUP, set by
    run.py alike for every system (thread pools, first-touch pages, lazy
    initialisation are then out of ms_per_epoch)."""
    return int(os.environ.get("BENCH_WARMUP", "0"))


def rss_reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def rss_peak_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return float(line.split()[1]) / 1024.0
    return float("nan")


def load(spec, export_dir, np):
    sizes = spec["layers"]
    X = np.fromfile(os.path.join(export_dir, "X.f64"), dtype="<f8")
    rows = X.size // sizes[0]
    X = X.reshape(rows, sizes[0])
    Y = np.fromfile(os.path.join(export_dir, "Y.f64"), dtype="<f8").reshape(rows, sizes[-1])
    p = np.fromfile(os.path.join(export_dir, "init.f64"), dtype="<f8")
    Ws, bs, off = [], [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        Ws.append(p[off:off + n_in * n_out].reshape(n_out, n_in).copy())
        off += n_in * n_out
        bs.append(p[off:off + n_out].copy())
        off += n_out
    assert off == p.size, "init.f64 does not match the spec's layers"
    return X, Y, Ws, bs


# ---------------------------------------------------------------------------
# numpy, by hand

def numpy_run(spec, X, Y, Ws, bs, epochs, np):
    acts, loss, lr = spec["activations"], spec["loss"], spec["learning_rate"]
    N, K = Y.shape

    def act(name, Z):
        if name == "tanh":
            return np.tanh(Z)
        if name == "relu":
            return np.maximum(Z, 0.0)
        if name == "sigmoid":
            return 0.5 * (1.0 + np.tanh(0.5 * Z))
        if name in ("linear", "softmax"):
            return Z  # softmax is fused into the loss
        raise ValueError(name)

    def dact(name, A, dA):
        if name == "tanh":
            return dA * (1.0 - A * A)
        if name == "relu":
            return dA * (A > 0.0)
        if name == "sigmoid":
            return dA * A * (1.0 - A)
        return dA

    def forward():
        As = [X]
        for l, (W, b) in enumerate(zip(Ws, bs)):
            Z = As[-1] @ W.T
            Z += b
            As.append(act(acts[l], Z) if l + 1 < len(Ws) else Z)
        return As

    def loss_and_dz(Z):
        if loss == "cross_entropy":
            m = Z.max(axis=1, keepdims=True)
            E = np.exp(Z - m)
            s = E.sum(axis=1, keepdims=True)
            value = float(np.sum(np.log(s) + m - np.sum(Y * Z, axis=1, keepdims=True))) / N
            return value, (E / s - Y) / N
        if loss == "binary_cross_entropy":
            value = float(np.sum(np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z))))) / (N * K)
            return value, (act("sigmoid", Z) - Y) / (N * K)
        A = act(acts[-1], Z)
        value = float(np.sum((A - Y) ** 2)) / (N * K)
        return value, dact(acts[-1], A, 2.0 * (A - Y) / (N * K))

    def step():
        As = forward()
        value, dZ = loss_and_dz(As[-1])
        for l in range(len(Ws) - 1, -1, -1):
            dW = dZ.T @ As[l]
            db = dZ.sum(axis=0)
            if l > 0:
                dZ = dact(acts[l - 1], As[l], dZ @ Ws[l])
            Ws[l] -= lr * dW
            bs[l] -= lr * db
        return value

    for _ in range(warmup()):  # untimed, like every system's (run.py)
        step()
    t0 = time.perf_counter()
    for _ in range(epochs):
        step()
    seconds = time.perf_counter() - t0
    final, _ = loss_and_dz(forward()[-1])
    return seconds, final


# ---------------------------------------------------------------------------
# PyTorch: autograd for the gradient, a manual full-batch step

def torch_run(spec, X, Y, Ws, bs, epochs, torch, losses=None):
    acts, loss, lr = spec["activations"], spec["loss"], spec["learning_rate"]
    Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
    params = []
    for W, b in zip(Ws, bs):
        params.append(torch.from_numpy(W).requires_grad_())
        params.append(torch.from_numpy(b).requires_grad_())
    F = torch.nn.functional

    def forward():
        A = Xt
        for l in range(len(acts)):
            Z = torch.addmm(params[2 * l + 1], A, params[2 * l].t())
            name = acts[l]
            if l + 1 == len(acts):
                return Z
            A = torch.tanh(Z) if name == "tanh" else torch.relu(Z) if name == "relu" else \
                torch.sigmoid(Z) if name == "sigmoid" else Z
        return A

    def objective(Z):
        if loss == "cross_entropy":
            return -(Yt * F.log_softmax(Z, dim=1)).sum(dim=1).mean()
        if loss == "binary_cross_entropy":
            return F.binary_cross_entropy_with_logits(Z, Yt)
        out = acts[-1]
        A = torch.tanh(Z) if out == "tanh" else torch.relu(Z) if out == "relu" else \
            torch.sigmoid(Z) if out == "sigmoid" else Z
        return ((A - Yt) ** 2).mean()

    def step():
        value = objective(forward())
        if losses is not None:
            losses.append(float(value))
        value.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None

    for _ in range(warmup()):  # untimed, like every system's (run.py)
        step()
    t0 = time.perf_counter()
    for _ in range(epochs):
        step()
    seconds = time.perf_counter() - t0
    with torch.no_grad():
        final = float(objective(forward()))
    return seconds, final


def loadtxt(path):
    """numpy.loadtxt of the W4 CSV, the reader a numpy script would use."""
    reexec_with_threads(1)
    import numpy as np
    size = os.path.getsize(path)
    rss_reset_peak()
    t0 = time.perf_counter()
    M = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    seconds = time.perf_counter() - t0
    print(json.dumps({"system": "numpy.loadtxt", "version": np.__version__, "threads": 1,
                      "file_mb": size / 1e6, "seconds": seconds, "mb_per_s": size / 1e6 / seconds,
                      "peak_rss_mb": round(rss_peak_mb(), 1), "rows": M.shape[0]}))
    return 0


def torchjob(spec_path, csv_path, threads, epochs, outdir):
    """The whole W4 job as a PyTorch user writes it: read the CSV (pandas
    when installed, else numpy.loadtxt), one-hot the label column, seeded
    Xavier-uniform weights, `epochs` full-batch steps with each epoch's loss
    kept, then the weights (.npz) and the loss log (.csv) written. run.py
    times the whole process; the phases are printed too."""
    reexec_with_threads(threads)
    t0 = time.perf_counter()
    import numpy as np
    import torch
    torch.set_num_threads(threads)
    with open(spec_path) as f:
        spec = json.load(f)
    targets = spec["data"]["targets"]
    t1 = time.perf_counter()
    try:
        import pandas as pd
        df = pd.read_csv(csv_path)
        reader = "pandas " + pd.__version__
        labels = df[targets[0]].to_numpy()
        X = df.drop(columns=targets).to_numpy(dtype=np.float64)
    except ImportError:
        with open(csv_path) as f:
            header = f.readline().strip().split(",")
        M = np.loadtxt(csv_path, delimiter=",", skiprows=1, dtype=np.float64)
        reader = "numpy.loadtxt " + np.__version__
        col = header.index(targets[0])
        labels = M[:, col]
        X = np.ascontiguousarray(np.delete(M, col, axis=1))
    classes, idx = np.unique(labels, return_inverse=True)
    Y = np.zeros((X.shape[0], len(classes)))
    Y[np.arange(X.shape[0]), idx] = 1.0
    t2 = time.perf_counter()
    sizes = spec["layers"]
    rng = np.random.default_rng(spec.get("seed", 0))
    Ws, bs = [], []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        a = (6.0 / (n_in + n_out)) ** 0.5
        Ws.append(rng.uniform(-a, a, (n_out, n_in)))
        bs.append(np.zeros(n_out))
    os.environ["BENCH_WARMUP"] = "0"  # a job has no warm-up
    losses = []
    seconds, final = torch_run(spec, X, Y, Ws, bs, epochs, torch, losses)
    t3 = time.perf_counter()
    os.makedirs(outdir, exist_ok=True)
    np.savez(os.path.join(outdir, "torchjob.weights.npz"),
             **{f"W{l}": W for l, W in enumerate(Ws)}, **{f"b{l}": b for l, b in enumerate(bs)})
    with open(os.path.join(outdir, "torchjob.loss.csv"), "w") as f:
        f.write("epoch,loss\n")
        for e, v in enumerate(losses, 1):
            f.write(f"{e},{v!r}\n")
    t4 = time.perf_counter()
    print(json.dumps({"system": "torch job", "threads": threads, "epochs": epochs, "reader": reader,
                      "import_seconds": t1 - t0, "read_seconds": t2 - t1, "train_seconds": t3 - t2,
                      "write_seconds": t4 - t3, "final_loss": final}))
    return 0


def command_line(argv):
    """The operands of argv once checked: a known mode, its count of
    operands, THREADS and EPOCHS whole numbers, and the modules it imports
    installed. Anything else is a usage error before any work."""
    usage = cli_usage.Usage(__file__, __doc__)
    args = usage.arguments(argv[1:])
    known = ", ".join(list(MODES)[:-1]) + " or " + list(MODES)[-1]
    if not args:
        usage.error(f"no mode given ({known})")
    if args[0] not in MODES:
        usage.error(f'unknown mode "{args[0]}" ({known})')
    operands, modules = MODES[args[0]]
    names = operands.split()
    if len(args) > 1 + len(names):
        usage.unknown(args[1 + len(names)])
    if len(args) < 1 + len(names):
        usage.error(f"{args[0]} needs {operands}")
    for name, value in zip(names, args[1:]):
        if name in ("THREADS", "EPOCHS") and not re.fullmatch(r"[1-9][0-9]{0,8}", value):
            usage.error(f'{name} needs a whole number from 1, not "{value}"')
    for module in modules:
        usage.need(module, PACKAGES[module])
    return args


def main():
    args = command_line(sys.argv)
    if args[0] == "loadtxt":
        return loadtxt(args[1])
    if args[0] == "torchjob":
        return torchjob(args[1], args[2], int(args[3]), int(args[4]), args[5])
    system, spec_path, export_dir = args[0], args[1], args[2]
    threads, epochs = int(args[3]), int(args[4])
    reexec_with_threads(threads)
    import numpy as np
    with open(spec_path) as f:
        spec = json.load(f)
    X, Y, Ws, bs = load(spec, export_dir, np)
    if system == "torch":
        import torch
        torch.set_num_threads(threads)
        rss_reset_peak()
        seconds, final = torch_run(spec, X, Y, Ws, bs, epochs, torch)
        version = torch.__version__
    else:
        rss_reset_peak()
        seconds, final = numpy_run(spec, X, Y, Ws, bs, epochs, np)
        version = np.__version__
    print(json.dumps({
        "system": system, "version": version, "threads": threads, "epochs": epochs,
        "rows": X.shape[0], "ms_per_epoch": 1e3 * seconds / epochs,
        "peak_rss_mb": round(rss_peak_mb(), 1), "final_loss": final,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
