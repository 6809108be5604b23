#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Runs the MPI benchmark of docs/scaling.md and prints one self-explanatory
report; bench/mpi_bench.sh builds what it needs and calls it.

    bench/mpi_run.py [--ranks 1,2] [--w4-epochs N] [--w5-epochs N] [--rounds R] [--only W4,W5]
                     [--build DIR] [--out DIR] [--json FILE] [--skip-allreduce]
                     [--allreduce-seconds S]

For W4 and W5 of the speed suite (bench/specs/large.json, regression.json,
the data from bench/gen_data.c) and each rank count N: `mlptrain --threads 1`
alone for N = 1, `mpirun -np N mlptrain --threads 1` otherwise, each rank under
/usr/bin/time for its peak resident memory. Per run: time per epoch (the
"trained ... in S s" summary over the epochs), the time outside the epochs
(start-up, reading the CSV, writing the outputs), the time in the allreduce
and before epoch 1 under N ranks (bench/mpi_timing.c, a PMPI shim preloaded
into each rank; mlp is not changed for it), peak memory of each rank, the
loss log's largest relative difference from the one-process log, and the
speed-up and efficiency against N = 1. Then bench/mpi_allreduce at 2 and 3
ranks. With --rounds R each (workload, N) runs R times, alternating, and the
median counts. The standard library only.
"""

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.dont_write_bytecode = True  # no __pycache__ in scripts/ or bench/ from the imports below
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.join(ROOT, "scripts"))
import cli_usage  # noqa: E402  (--help and the one form of a usage error)
import mpi_model  # noqa: E402  (the shared formats and the model's inputs layout)

WORKLOADS = [
    dict(id="W4", name="large", rows=60000, params=784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10,
         epochs=4),
    dict(id="W5", name="regression", rows=100000, params=32 * 64 + 64 + 64 * 64 + 64 + 64 + 1,
         epochs=20),
]
# mlptrain's summary: "trained 1 epoch in S s", "trained 20 epochs in S s",
# "trained 20 epochs (5 updates each, batches of 64 rows) in S s".
TRAINED = re.compile(r"trained (\d+) epochs?(?: \([^)]*\))? in ([0-9.]+) s")


class RunFailed(Exception):
    """A run that gives no figures: the benchmark stops (exit 1) instead of
    reporting, and saving, a table with the workload left out."""


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def loadavg():
    try:
        return float(open("/proc/loadavg").read().split()[0])
    except (OSError, ValueError):
        return None


def cpu_name():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return " ".join(line.split(":", 1)[1].split())
    except OSError:
        pass
    return platform.processor() or "?"


def mpirun_base():
    cmd = ["mpirun", "--bind-to", "none"]
    if os.geteuid() == 0:
        cmd.append("--allow-run-as-root")
    return cmd


def read_loss(path):
    try:
        with open(path) as f:
            head = f.readline().strip().split(",")
            k = head.index("loss")
            return [float(line.split(",")[k]) for line in f if line.strip()]
    except (OSError, ValueError, IndexError):
        return None


def max_rel_diff(a, b):
    if a is None or b is None or len(a) != len(b) or not a:
        return None
    return max(abs(x - y) / max(abs(x), abs(y), 1e-300) for x, y in zip(a, b))


def read_shim(work, ranks):
    """The lines bench/mpi_timing.c wrote, one dict per rank, or None."""
    out = []
    for r in range(ranks):
        try:
            w = open(os.path.join(work, "mpi.%d" % r)).read().split()
            out.append({k: float(v) for k, v in zip(w[0::2], w[1::2])})
        except (OSError, ValueError):
            return None
    return out


def run_once(a, w, ranks, work):
    spec = os.path.join(HERE, "specs", w["name"] + ".json")
    weights = os.path.join(work, "w.bin")
    loss = os.path.join(work, "loss.csv")
    for f in os.listdir(work):
        os.remove(os.path.join(work, f))
    train = [a.mlptrain, "--config", spec, "--threads", "1", "--epochs", str(w["epochs"]),
             "--progress", "none", "-w", weights, "-o", loss]
    timefmt = "%M %e"
    if ranks == 1:
        cmd = ["/usr/bin/time", "-f", timefmt, "-o", os.path.join(work, "time.0")] + train
    else:
        cmd = mpirun_base() + (["--oversubscribe"] if ranks > a.cores else []) + [
            "-np", str(ranks), "sh", "-c",
            'f=$0; d=$1; p=$2; shift 2; exec /usr/bin/time -f "$f" -o "$d/time.$OMPI_COMM_WORLD_RANK" '
            'env LD_PRELOAD="$p" "$@"',
            timefmt, work, a.shim] + train
    env = dict(os.environ, MLP_BENCH_TIMING_DIR=work, OPENBLAS_NUM_THREADS="1")
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        raise RunFailed("{} failed ({}): {}".format(" ".join(cmd), p.returncode, p.stderr.strip()[-600:]))
    m = TRAINED.search(p.stderr)
    if not m:
        raise RunFailed("{} with {} rank(s): no 'trained E epochs in S s' line in mlptrain's output:\n{}"
                        .format(w["id"], ranks, p.stderr[-600:]))
    epochs, seconds = int(m.group(1)), float(m.group(2))
    rss = []
    for r in range(ranks):
        try:
            rss.append(int(open(os.path.join(work, "time.%d" % r)).read().split()[-2]) / 1024.0)
        except (OSError, ValueError, IndexError):
            rss.append(None)
    shim = read_shim(work, ranks) if ranks > 1 else None
    if ranks > 1 and not shim:
        preload = [line for line in p.stderr.splitlines() if "LD_PRELOAD" in line or "ld.so" in line]
        log("  warning: under mpirun -np {} the timing shim {} wrote nothing{}".format(
            ranks, a.shim, ": " + preload[0] if preload else ""))
    elif ranks > 1 and not shim[0].get("big_calls"):
        log("  warning: under mpirun -np {} mlptrain made no gradient MPI_Allreduce: each rank trained "
            "alone on all the rows (is build/ configured with MLP_MPI=ON?)".format(ranks))
    per = [s["big_s"] / s["big_calls"] for s in shim or [] if s.get("big_calls")]
    setup = [s["setup_s"] for s in shim or [] if s.get("setup_s", -1) >= 0]
    return dict(ranks=ranks, epochs=epochs, ms_per_epoch=1e3 * seconds / epochs, wall_s=wall,
                outside_s=wall - seconds, rss_mb=rss,
                # the rank that waits least: closest to the transfer alone
                allreduce_ms=1e3 * min(per) if per else None,
                allreduce_wait_ms=1e3 * max(per) if per else None,
                allreduce_calls=int(shim[0]["big_calls"]) if shim else None,
                setup_s=max(setup) if setup else None, loss=read_loss(loss))


def preloadable(shim):
    """The shim under a path LD_PRELOAD can name: ld.so splits its value at
    spaces and colons, so a path with one (a checkout in "my work/") is
    copied into a fresh folder without them. Returns (path, folder to remove)."""
    if not re.search(r"[\s:]", shim):
        return shim, None
    base = tempfile.gettempdir()
    if re.search(r"[\s:]", base):
        base = "/tmp"
    folder = tempfile.mkdtemp(prefix="mlp-mpi-shim.", dir=base)
    copy = os.path.join(folder, "libmpi_timing.so")
    shutil.copyfile(shim, copy)
    return copy, folder


def median_run(runs):
    runs = [r for r in runs if r]
    if not runs:
        return None
    key = sorted(runs, key=lambda r: r["ms_per_epoch"])[len(runs) // 2]
    out = dict(key)
    for k in ("ms_per_epoch", "wall_s", "outside_s", "allreduce_ms", "allreduce_wait_ms", "setup_s"):
        xs = [r[k] for r in runs if r.get(k) is not None]
        out[k] = statistics.median(xs) if xs else None
    out["rounds"] = len(runs)
    return out


def allreduce(a, ranks):
    exe = os.path.join(a.out, "mpi_allreduce")
    cmd = mpirun_base() + (["--oversubscribe"] if ranks > a.cores else []) + [
        "-np", str(ranks), exe, str(a.allreduce_seconds)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        log("  {} failed ({}): {}".format(" ".join(cmd), p.returncode, p.stderr.strip()[-600:]))
        return None
    rec = dict(ranks=ranks, sizes=[], alpha_us=None, bandwidth_GBps=None)
    for line in p.stdout.splitlines():
        w = line.split()
        kv = dict(zip(w[1::2], w[2::2]))
        if w and w[0] == "allreduce" and "us" in kv:
            rec["sizes"].append(dict(doubles=int(kv["doubles"]), us=float(kv["us"]),
                                     median_us=float(kv["median_us"]),
                                     algbw_GBps=float(kv["algbw_GBps"])))
        elif w and w[0] == "fit":
            rec["alpha_us"] = float(kv["alpha_us"])
            rec["bandwidth_GBps"] = float(kv["bandwidth_GBps"])
    return rec


def fmt(x, spec):
    return "-" if x is None else spec.format(x)


def report(res):
    print("MPI benchmark (bench/mpi_bench.sh): data-parallel full-batch training, one thread per rank")
    print("machine: {}, {} cores; load average {} at the start, {} at the end".format(
        res["machine"], res["cores"], fmt(res["load_start"], "{:.2f}"), fmt(res["load_end"], "{:.2f}")))
    print("{}; {}".format(res["mlptrain"], res["mpi"]))
    print("command: " + res["command"])
    print("epochs: " + ", ".join("{} {}".format(w["id"], w["epochs"]) for w in res["workloads"])
          + "; rounds: {} (the median counts)".format(res["rounds"]))
    print()
    form = "{:<5}{:>6}{:>9}{:>8}{:>9}{:>20}{:>10}{:>10}  {:<12}{:>7}{:>10}"
    print(form.format("", "", "ms per", "speed", "effi-", "allreduce ms per", "before", "outside",
                      "peak MB", "memory", "loss log"))
    print(form.format("work", "ranks", "epoch", "up", "ciency", "epoch (least/most)", "epoch 1 s",
                      "epochs s", "per rank", "vs 1", "rel diff"))
    for w in res["workloads"]:
        one = mpi_model.run_of(w, 1)
        for r in w["runs"]:
            sp = (one["ms_per_epoch"] / r["ms_per_epoch"]) if one and r["ms_per_epoch"] else None
            rss = [x for x in r["rss_mb"] if x is not None]
            mem = (max(rss) / one["rss_mb"][0]) if one and rss and one["rss_mb"][0] else None
            ar = "-" if r.get("allreduce_ms") is None else "{:.2f} / {:.2f}".format(
                r["allreduce_ms"], r["allreduce_wait_ms"])
            print(form.format(
                w["id"], r["ranks"], fmt(r["ms_per_epoch"], "{:.1f}"), fmt(sp, "{:.2f}x"),
                fmt(None if sp is None else sp / r["ranks"], "{:.1%}"), ar,
                fmt(r.get("setup_s"), "{:.2f}"), fmt(r["outside_s"], "{:.2f}"),
                "/".join("{:.0f}".format(x) for x in rss) or "-", fmt(mem, "{:.2f}"),
                fmt(r.get("loss_rel_diff"), "{:.1e}")))
    print()
    print("ms per epoch: mlptrain's own 'trained E epochs in S s' over E (rank 0; the allreduce is in it).")
    print("speed up: ms per epoch of 1 process over N ranks'; efficiency: speed up / N (target 1.8x, 90%).")
    print("allreduce ms per epoch: time inside each epoch's gradient MPI_Allreduce, by bench/mpi_timing.c;")
    print("  least: the rank that waited least (about the transfer alone), most: the one that waited most")
    print("  (the transfer plus waiting for the other ranks to finish their slices).")
    print("before epoch 1 s: MPI_Init to the last small collective before the first gradient allreduce,")
    print("  the slowest rank: reading the CSV (today each rank reads it all) and agreeing the data.")
    print("outside epochs s: the whole run's wall time minus the epochs (start, CSV, outputs).")
    print("peak MB per rank: /usr/bin/time's maximum resident set of each rank (target: about half of 1's).")
    print("loss log rel diff: largest |l_N - l_1| / |l_1| over the epochs of the loss log.")
    for a in res["allreduce"]:
        if not a:
            continue
        print()
        print("MPI_Allreduce of doubles, {} ranks (bench/mpi_allreduce.c; least and median of 7 trials):"
              .format(a["ranks"]))
        for z in a["sizes"]:
            print("  {:>9} doubles {:>10.2f} us (median {:>10.2f}) {:>8.3f} GB/s".format(
                z["doubles"], z["us"], z["median_us"], z["algbw_GBps"]))
        print("  ring fit: alpha {} us per step, bandwidth {} GB/s".format(
            fmt(a["alpha_us"], "{:.3g}"), fmt(a["bandwidth_GBps"], "{:.3g}")))


def check_values(ap, a):
    """Refuses, before any run, a value the run would trip on: a rank count
    or workload that is not one, a count below 1."""
    for rank in a.ranks.split(","):
        if not re.fullmatch(r"[1-9][0-9]{0,2}", rank):
            ap.error(f'--ranks needs whole numbers from 1 to 999, comma-separated, not "{a.ranks}"')
    known = [w["id"] for w in WORKLOADS]
    for wid in a.only.split(","):
        if wid not in known:
            ap.error(f'--only: no workload "{wid}" (the workloads: {",".join(known)})')
    for name in ("rounds", "w4_epochs", "w5_epochs"):
        if getattr(a, name) < 1:
            ap.error(f'--{name.replace("_", "-")} needs a whole number from 1, not "{getattr(a, name)}"')
    if not a.allreduce_seconds > 0:
        ap.error(f'--allreduce-seconds needs a positive number, not "{a.allreduce_seconds}"')


def main():
    ap = cli_usage.ArgumentParser(__file__, __doc__)
    ap.add_argument("--ranks", default="1,2")
    ap.add_argument("--w4-epochs", type=int, default=WORKLOADS[0]["epochs"])
    ap.add_argument("--w5-epochs", type=int, default=WORKLOADS[1]["epochs"])
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--json", default=None)
    ap.add_argument("--only", default="W4,W5")
    ap.add_argument("--skip-allreduce", action="store_true")
    ap.add_argument("--allreduce-seconds", type=float, default=0.1)
    a = ap.parse_args()
    check_values(ap, a)
    a.mlptrain = os.path.join(os.path.abspath(a.build), "mlptrain")
    a.out = os.path.abspath(a.out)
    a.shim = os.path.join(a.out, "libmpi_timing.so")
    a.cores = os.cpu_count() or 1
    ranks = sorted({int(x) for x in a.ranks.split(",")} | {1})
    WORKLOADS[0]["epochs"], WORKLOADS[1]["epochs"] = a.w4_epochs, a.w5_epochs
    ver = subprocess.run([a.mlptrain, "--version"], capture_output=True, text=True)
    mpiv = subprocess.run(["mpirun", "--version"], capture_output=True, text=True)
    res = dict(format=1, when=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), machine=cpu_name(),
               cores=a.cores, load_start=loadavg(), rounds=a.rounds,
               mlptrain=(ver.stdout or ver.stderr).splitlines()[0] if (ver.stdout or ver.stderr) else "?",
               mpi=(mpiv.stdout.splitlines() or ["?"])[0], workloads=[], allreduce=[],
               command="bench/mpi_bench.sh --ranks {} --rounds {} --w4-epochs {} --w5-epochs {}".format(
                   ",".join(map(str, ranks)), a.rounds, a.w4_epochs, a.w5_epochs))
    work = tempfile.mkdtemp(prefix="mlp-mpi-bench.")
    shim_folder = None
    try:
        a.shim, shim_folder = preloadable(a.shim)
        for w in [w for w in WORKLOADS if w["id"] in a.only.split(",")]:
            log("{} ({} rows, {} epochs): ranks {} ...".format(w["id"], w["rows"], w["epochs"], ranks))
            runs = {n: [] for n in ranks}
            for _ in range(a.rounds):
                for n in ranks:
                    runs[n].append(run_once(a, w, n, work))
            rec = dict(id=w["id"], rows=w["rows"], params=w["params"], epochs=w["epochs"], runs=[])
            base = None
            for n in ranks:
                r = median_run(runs[n])
                if not r:
                    continue
                if n == 1:
                    base = r["loss"]
                r["loss_rel_diff"] = None if n == 1 else max_rel_diff(base, r["loss"])
                del r["loss"]
                rec["runs"].append(r)
            res["workloads"].append(rec)
        if not a.skip_allreduce:
            for n in (2, 3):
                log("allreduce micro-benchmark, {} ranks ...".format(n))
                res["allreduce"].append(allreduce(a, n))
    except RunFailed as e:
        sys.exit("mpi_run.py: " + str(e) + "\nmpi_run.py: stopped; no report and no JSON from a partial run")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if shim_folder:
            shutil.rmtree(shim_folder, ignore_errors=True)
    res["load_end"] = loadavg()
    res["load"] = "{} to {}".format(fmt(res["load_start"], "{:.2f}"), fmt(res["load_end"], "{:.2f}"))
    res["allreduce"] = [x for x in res["allreduce"] if x]
    report(res)
    path = a.json or os.path.join(a.out, "mpi_bench.json")
    with open(path, "w") as f:
        json.dump(res, f, indent=1, sort_keys=True)
        f.write("\n")
    print()
    shown = os.path.relpath(path, ROOT) if os.path.abspath(path).startswith(ROOT + os.sep) else path
    print("wrote {}; to make it the model's inputs and refresh docs/scaling.md's tables:".format(shown))
    print("  bench/mpi_model.py --record {}".format(shown))


if __name__ == "__main__":
    main()
