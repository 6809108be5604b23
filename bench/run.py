#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Runs the mlp benchmark suite and prints one table (and, with --json, one
JSON array). scripts/bench.sh builds what this needs and calls it; see
docs/performance.md for what every column means.

    bench/run.py [--quick] [--json FILE] [--threads N] [--build DIR] [--out DIR] [--only X ...]

      --quick        fewer epochs and rounds, under 3 minutes
      --json FILE    also write every figure as a JSON array
      --threads N    threads for every system [all processors]
      --build DIR    where mlptrain is [build]
      --out DIR      generated data and binaries [bench/out]
      --only X ...   only these workloads (ids or names), and/or csv, job

Every figure is the median over several runs, each run a fresh process,
systems alternating within each round (mlp, torch, numpy, fann, mlp, ...).
The standard library only: numpy and torch are imported by bench/peers.py.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.dont_write_bytecode = True  # no __pycache__ in scripts/ from the import below
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import cli_usage  # noqa: E402  (--help and the one form of a usage error)
PY = "/usr/bin/python3"

# epochs: the issue's; quick: --quick's; warmup: untimed epochs every system
# trains first, in both modes (BENCH_WARMUP: thread pools, first-touch pages
# and lazy set-up stay out of ms/epoch, so --quick's shorter runs give the
# same per-epoch figures as the full ones, only noisier). cap: at most this many epochs for a
# slow peer (its time is per epoch; its final loss then is after fewer epochs).
WORKLOADS = [
    dict(id="W1", name="xor", epochs=10000, quick=10000, rounds=5, quick_rounds=3, warmup=1000,
         cap={}, quick_cap={}),
    dict(id="W2", name="moons", epochs=5000, quick=500, rounds=5, quick_rounds=3, warmup=50,
         cap={"fann": 1000}, quick_cap={"fann": 200}),
    dict(id="W3", name="digits", epochs=500, quick=50, rounds=5, quick_rounds=3, warmup=10,
         cap={"fann": 50}, quick_cap={"fann": 10}),
    dict(id="W4", name="large", epochs=10, quick=2, rounds=3, quick_rounds=2, warmup=1,
         cap={"fann": 1}, quick_cap={"fann": 0}),
    dict(id="W5", name="regression", epochs=50, quick=3, rounds=3, quick_rounds=2, warmup=1,
         cap={"fann": 5}, quick_cap={"fann": 1}),
]
PEERS = ["torch", "numpy", "fann"]
# epochs of the loss-agreement check (W1-W3): short enough that rounding
# differences have not been amplified by the training dynamics.
AGREE_EPOCHS = 100


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def run_json(cmd, cwd=None, env=None):
    """Runs cmd, returns the JSON object of its last stdout line, or None."""
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False,
                           env=None if env is None else {**os.environ, **env})
    except OSError as e:
        log(f"  cannot run {cmd[0]}: {e}")
        return None
    if p.returncode != 0:
        log(f"  {' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()[-500:]}")
        return None
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    return json.loads(lines[-1]) if lines else None


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, spec="{:.4g}"):
    return "-" if x is None else spec.format(x)


class Suite:
    def __init__(self, args):
        self.a = args
        self.out = os.path.abspath(args.out)
        self.bench = os.path.join(self.out, "mlp_bench")
        self.fann = os.path.join(self.out, "fann_bench")
        self.mlptrain = os.path.join(os.path.abspath(args.build), "mlptrain")
        self.T = args.threads
        self.quick = args.quick
        self.records = []   # the JSON objects
        self.rows = []      # the human table
        self.notes = []
        self.have = {"torch": self.probe("torch"), "numpy": self.probe("numpy"),
                     "fann": os.path.exists(self.fann)}
        for peer, ok in self.have.items():
            if not ok:
                self.notes.append(f"{peer} is not installed: its rows are left out "
                                  f"(scripts/bench.sh installs it with apt)")

    def probe(self, module):
        return subprocess.run([PY, "-c", f"import {module}"], capture_output=True).returncode == 0

    # -- data -------------------------------------------------------------
    def data(self):
        stamp = os.path.join(self.out, "data.stamp")
        names = [w["name"] for w in WORKLOADS]
        gen = os.path.join(self.out, "gen_data")
        want = f"{os.path.getmtime(gen) if os.path.exists(gen) else 0}"
        have = open(stamp).read() if os.path.exists(stamp) else ""
        if have != want or not all(os.path.exists(self.csv(n)) for n in names):
            log("generating the data sets (once; about 5 s) ...")
            subprocess.run([gen, self.out], check=True)
            with open(stamp, "w") as f:
                f.write(want)

    def csv(self, name):
        return os.path.join(self.out, name + ".csv")

    def spec(self, name):
        return os.path.join(HERE, "specs", name + ".json")

    def export_dir(self, name):
        return os.path.join(self.out, "exp-" + name)

    # -- BLAS -------------------------------------------------------------
    def blas(self):
        info = run_json([self.bench, "blas"]) or {}
        n = 2048
        peak = [run_json([self.bench, "peak-square", str(n), str(self.T), "5"])]
        self.peak_square = median([p["gflops"] for p in peak if p])
        rec = {"blas": info.get("name"), "version": info.get("version"),
               "kernel": info.get("kernel"), "threads": self.T,
               "dgemm_peak_gflops": self.peak_square, "dgemm_peak_n": n,
               "prescott_fallback": bool(info.get("prescott_fallback")),
               "config": info.get("config"), "choice": info.get("choice"),
               "vmath_isa": info.get("vmath_isa")}
        self.records.append(rec)
        self.blas_info = rec
        if rec["prescott_fallback"]:
            self.notes.append(
                "OpenBLAS still runs its generic Prescott kernels on this AVX2 CPU: dgemm is "
                "about 3.7x slower than it could be (mlp's own choice did not apply; see the "
                "BLAS line).")

    # -- one workload -----------------------------------------------------
    def epochs_for(self, w, system):
        if system == "mlp 1 thread":  # the C peer's twin: FANN has no threads
            system = "fann"
        e = w["quick"] if self.quick else w["epochs"]
        cap = (w["quick_cap"] if self.quick else w["cap"]).get(system)
        return e if cap is None else min(e, cap)

    def run_system(self, w, system, epochs, threads=None, warmup=None):
        T = str(self.T if threads is None else threads)
        env = {"BENCH_WARMUP": str(w.get("warmup", 0) if warmup is None else warmup)}
        spec, exp = self.spec(w["name"]), self.export_dir(w["name"])
        if system == "mlp":
            return run_json([self.bench, "train", spec, T, str(epochs)], env=env)
        if system == "mlp 1 thread":
            r = run_json([self.bench, "train", spec, "1", str(epochs)], env=env)
            if r:
                r["system"] = system
            return r
        if system in ("torch", "numpy"):
            return run_json([PY, os.path.join(HERE, "peers.py"), system, spec, exp, T, str(epochs)],
                            env=env)
        if system == "fann":
            s = json.load(open(spec))
            return run_json([self.fann, exp, str(epochs), str(s["learning_rate"]), s["loss"],
                             ",".join(map(str, s["layers"])), ",".join(s["activations"])], env=env)
        return None

    def best_threads(self, label, system, run):
        """Each threaded system at 1 thread and at all (self.T), once; the
        faster count is the system's from then on. run(threads) -> result."""
        if self.T <= 1 or system not in ("mlp", "torch", "numpy"):
            r = run(self.T if system != "fann" else 1)
            return (r["threads"] if r else self.T), r, {}
        probe = {}
        for t in (self.T, 1):
            probe[t] = run(t)
        ok = {t: r for t, r in probe.items() if r}
        if not ok:
            return self.T, None, {}
        key = "ms_per_epoch" if "ms_per_epoch" in next(iter(ok.values())) else "seconds"
        best = min(ok, key=lambda t: ok[t][key])
        return best, ok[best], {str(t): r[key] for t, r in ok.items()}

    def workload(self, w):
        label = f"{w['id']} {w['name']}"
        log(f"{label}: export, GEMM peak at its shapes ...")
        exp = self.export_dir(w["name"])
        os.makedirs(exp, exist_ok=True)
        first = run_json([self.bench, "train", self.spec(w["name"]), str(self.T), "1", exp])
        if not first:
            self.notes.append(f"{label}: mlp failed; workload skipped")
            return
        rows = first["rows"]
        flops = first["flops_per_epoch"]
        peak = run_json([self.bench, "peak", self.spec(w["name"]), str(rows), str(self.T),
                         "3" if self.quick else "5"])
        peak_gflops = peak["gflops"] if peak else None
        systems = ["mlp"] + [p for p in PEERS if self.have[p]]
        if self.T > 1 and self.have["fann"]:
            systems.insert(1, "mlp 1 thread")
        systems = [s for s in systems if self.epochs_for(w, s) > 0]
        results = {s: [] for s in systems}
        best, probes = {}, {}
        rounds = w["quick_rounds"] if self.quick else w["rounds"]
        for r in range(rounds):
            log(f"{label}: round {r + 1}/{rounds}: {', '.join(systems)}")
            for s in systems:
                e = self.epochs_for(w, s)
                if r == 0 and s != "mlp 1 thread":
                    best[s], res, probes[s] = self.best_threads(
                        label, s, lambda t, s=s, e=e: self.run_system(w, s, e, threads=t))
                else:
                    res = self.run_system(w, s, e, threads=1 if s in ("mlp 1 thread", "fann")
                                          else best.get(s, self.T))
                if res:
                    results[s].append(res)
        mlp_ms = median([r["ms_per_epoch"] for r in results.get("mlp", [])])
        for s in PEERS:
            if self.have.get(s) and s not in systems:
                self.notes.append(f"{label}: {s} left out in --quick (one epoch takes too long)")
        for s in systems:
            rs = results[s]
            if not rs:
                continue
            ms = median([r["ms_per_epoch"] for r in rs])
            gflops = flops / (ms * 1e6) if ms else None
            rec = {
                "workload": label, "system": s, "threads": rs[0]["threads"],
                "ms_per_epoch": ms, "gflops": gflops,
                "pct_of_peak": 100.0 * gflops / peak_gflops if gflops and peak_gflops else None,
                "peak_rss_mb": median([r["peak_rss_mb"] for r in rs]),
                "final_loss": rs[-1]["final_loss"],
                "epochs": rs[0]["epochs"], "runs": len(rs), "rows": rows,
                "peak_gflops_at_shapes": peak_gflops,
                "ratio_peer_over_mlp": ms / mlp_ms if s != "mlp" and mlp_ms else None,
                "ms_per_epoch_by_threads": probes.get(s) or None,
            }
            if s == "mlp":
                rec["data_mb"] = rs[0].get("data_mb")
                rec["csv_seconds"] = median([r.get("csv_seconds") for r in rs])
            if s == "fann":
                rec["loss_note"] = "FANN's own MSE (no softmax/cross-entropy in FANN)"
                one = median([r["ms_per_epoch"] for r in results.get("mlp 1 thread", [])])
                rec["ratio_vs_mlp_1_thread"] = ms / one if one else None
            self.records.append(rec)
            self.rows.append(rec)
        if w["id"] in ("W1", "W2", "W3") and self.have["torch"]:
            e = min(AGREE_EPOCHS, w["quick"] if self.quick else w["epochs"])
            # Separate runs without warm-up: the timed ones trained more epochs.
            m = self.run_system(w, "mlp", e, warmup=0)
            t = self.run_system(w, "torch", e, warmup=0)
            if m and t:
                rel = abs(m["final_loss"] - t["final_loss"]) / abs(t["final_loss"])
                self.records.append({"workload": label, "system": "loss agreement",
                                     "epochs": e, "mlp_loss": m["final_loss"],
                                     "torch_loss": t["final_loss"], "rel_diff": rel})
                self.agree.append((label, e, m["final_loss"], t["final_loss"], rel))

    # -- W1 as a whole process ----------------------------------------------
    def process(self):
        w = WORKLOADS[0]
        runs = 5 if self.quick else 11
        times = []
        cmd = [self.mlptrain, "-q", "-c", self.spec(w["name"]), "-t", str(self.T),
               "-w", os.path.join(self.out, "xor.weights.bin"),
               "-o", os.path.join(self.out, "xor.loss.csv")]
        for _ in range(runs):
            t0 = time.perf_counter()
            p = subprocess.run(cmd, capture_output=True)
            t = time.perf_counter() - t0
            if p.returncode == 0:
                times.append(t)
        ms = 1e3 * median(times) if times else None
        self.process_ms = ms
        self.records.append({"workload": "W1 xor", "system": "mlptrain process",
                             "threads": self.T, "ms_total": ms, "runs": len(times),
                             "epochs": w["epochs"]})

    # -- the whole W4 job ------------------------------------------------------
    def job(self):
        """mlptrain on the W4 CSV (read, train, write weights and loss log)
        against the same job in PyTorch (bench/peers.py torchjob), each a
        whole process timed start to exit, each at its best thread count."""
        w = WORKLOADS[3]
        epochs = w["quick"] if self.quick else w["epochs"]
        label = f"W4 job ({epochs} epochs)"
        outdir = os.path.join(self.out, "job")
        os.makedirs(outdir, exist_ok=True)

        def mlp_job(t):
            cmd = [self.mlptrain, "-q", "-c", self.spec("large"), "-e", str(epochs), "-t", str(t),
                   "-w", os.path.join(outdir, "mlp.weights.bin"),
                   "-o", os.path.join(outdir, "mlp.loss.csv")]
            t0 = time.perf_counter()
            p = subprocess.run(cmd, capture_output=True, text=True)
            dt = time.perf_counter() - t0
            if p.returncode != 0:
                log(f"  {' '.join(cmd)} failed: {p.stderr.strip()[-300:]}")
                return None
            return {"system": "mlp job", "threads": t, "seconds": dt}

        def torch_job(t):
            t0 = time.perf_counter()
            r = run_json([PY, os.path.join(HERE, "peers.py"), "torchjob", self.spec("large"),
                          self.csv("large"), str(t), str(epochs), outdir])
            if r:
                r["seconds"] = time.perf_counter() - t0
            return r

        jobs = [("mlp", mlp_job)] + ([("torch", torch_job)] if self.have["torch"] else [])
        rounds = 1 if self.quick else 2
        res = {}
        for name, fn in jobs:
            log(f"{label}: {name}, 1 and {self.T} threads, then {rounds - 1} more")
            best, r, probe = self.best_threads(label, name, fn)
            rs = [r] if r else []
            for _ in range(rounds - 1):
                x = fn(best)
                if x:
                    rs.append(x)
            if rs:
                res[name] = {"workload": label, "system": name + " job", "threads": best,
                             "seconds": median([x["seconds"] for x in rs]), "runs": len(rs),
                             "seconds_by_threads": probe or None, "epochs": epochs}
                for k in ("reader", "read_seconds", "train_seconds", "import_seconds"):
                    if k in rs[-1]:
                        res[name][k] = rs[-1][k]
        if "mlp" in res and "torch" in res:
            res["torch"]["ratio_peer_over_mlp"] = res["torch"]["seconds"] / res["mlp"]["seconds"]
        self.job_rows = list(res.values())
        self.records.extend(self.job_rows)

    # -- CSV load -----------------------------------------------------------
    def csv_load(self):
        path = self.csv("large")
        with open(path, "rb") as f:  # into the page cache, so every reader starts alike
            while f.read(1 << 24):
                pass
        runs = 2 if self.quick else 3
        systems = [("mlp", 1), ("mlp", self.T), ("strtod loop", 1)]
        baseline_rounds = 1 if self.quick else runs  # the baselines only set the scale
        if self.T == 1:
            systems = systems[:1] + systems[2:]
        if self.have["numpy"] and not self.quick:
            systems.append(("numpy.loadtxt", 1))
        res = {s: [] for s in systems}
        for r in range(runs):
            log(f"CSV load: round {r + 1}/{runs}")
            for s in systems:
                name, T = s
                if name != "mlp" and r >= baseline_rounds:
                    continue
                if name == "mlp":
                    out = run_json([self.bench, "csv", path, str(T)])
                elif name == "strtod loop":
                    out = run_json([self.bench, "csv-strtod", path])
                else:
                    out = run_json([PY, os.path.join(HERE, "peers.py"), "loadtxt", path])
                if out:
                    res[s].append(out)
        self.csv_rows = []
        for s in systems:
            rs = res[s]
            if not rs:
                continue
            rec = {"workload": "csv load", "system": s[0], "threads": s[1],
                   "mb_per_s": median([r["mb_per_s"] for r in rs]),
                   "seconds": median([r["seconds"] for r in rs]),
                   "peak_rss_mb": median([r["peak_rss_mb"] for r in rs]),
                   "file_mb": rs[0]["file_mb"], "runs": len(rs)}
            if "matrix_mb" in rs[0]:
                rec["matrix_mb"] = rs[0]["matrix_mb"]
                rec["base_rss_mb"] = rs[0].get("base_rss_mb")
                rec["read_all_seconds"] = median([r["read_all_seconds"] for r in rs])
                rec["parse_mb_per_s"] = rec["file_mb"] / (rec["seconds"] - rec["read_all_seconds"])
            self.records.append(rec)
            self.csv_rows.append(rec)

    # -- report -------------------------------------------------------------
    def report(self):
        b = self.blas_info
        print(f"BLAS: {b['blas']} {b['version']}, kernel {b['kernel']}"
              f"{'  ** PRESCOTT FALLBACK: generic kernels, ~3.7x slow **' if b['prescott_fallback'] else ''}"
              f"; measured dgemm peak {fmt(b['dgemm_peak_gflops'], '{:.1f}')} GFLOP/s "
              f"({b['dgemm_peak_n']}^3, {b['threads']} threads)")
        if b.get("choice"):
            print(f"BLAS core: {b['choice']}")
        print(f"element-wise kernels (tanh, exp, log): SLEEF, {b.get('vmath_isa') or '?'}")
        print()
        hdr = ("workload", "system", "thr", "epochs", "ms/epoch", "GFLOP/s", "% peak",
               "peak RSS MB", "final loss", "peer/mlp")
        table = [hdr]
        for r in self.rows:
            table.append((r["workload"], r["system"], str(r["threads"]), str(r["epochs"]),
                          fmt(r["ms_per_epoch"]), fmt(r["gflops"], "{:.3g}"),
                          fmt(r["pct_of_peak"], "{:.0f}%"), fmt(r["peak_rss_mb"], "{:.1f}"),
                          fmt(r["final_loss"], "{:.10g}"),
                          fmt(r["ratio_peer_over_mlp"], "{:.2f}x")))
        widths = [max(len(row[i]) for row in table) for i in range(len(hdr))]
        for i, row in enumerate(table):
            print("  ".join(c.ljust(widths[j]) if j < 2 else c.rjust(widths[j])
                            for j, c in enumerate(row)))
            if i == 0:
                print("  ".join("-" * wd for wd in widths))
        print()
        print("% peak: GFLOP/s of the epoch (GEMM flops only) over the dgemm rate measured at the "
              "workload's own shapes (bench: mlp_bench peak).")
        fr = [r for r in self.rows if r["system"] == "fann" and r.get("ratio_vs_mlp_1_thread")]
        if fr:
            print("FANN (one thread) over mlp on one thread: " + ", ".join(
                f"{r['workload'].split()[0]} {r['ratio_vs_mlp_1_thread']:.2f}x" for r in fr))
        if self.process_ms is not None:
            print(f"W1 whole mlptrain process (start to exit, 10,000 epochs, weights and loss log "
                  f"written): {self.process_ms:.2f} ms")
        for label, e, ml, tl, rel in self.agree:
            print(f"{label}: loss after {e} epochs from the same weights: mlp {ml:.17g}, "
                  f"torch {tl:.17g}, relative difference {rel:.2g}")
        print()
        for r in self.job_rows:
            extra = ""
            if r.get("reader"):
                extra = (f" (import {r['import_seconds']:.2f} s, read {r['read_seconds']:.2f} s with "
                         f"{r['reader']}, train {r['train_seconds']:.2f} s)")
            ratio = f", {r['ratio_peer_over_mlp']:.2f}x mlp's" if r.get("ratio_peer_over_mlp") else ""
            print(f"{r['workload']}, {r['system']}, {r['threads']} thr: {r['seconds']:.2f} s whole "
                  f"process{ratio}{extra}")
        if self.job_rows:
            print()
        if self.csv_rows:
            t = [("CSV load (W4 data)", "thr", "MB/s", "seconds", "of which file read",
                  "parse MB/s", "peak RSS MB", "matrix MB")]
            for r in self.csv_rows:
                t.append((r["system"], str(r["threads"]), fmt(r["mb_per_s"], "{:.0f}"),
                          fmt(r["seconds"], "{:.3f}"), fmt(r.get("read_all_seconds"), "{:.3f}"),
                          fmt(r.get("parse_mb_per_s"), "{:.0f}"), fmt(r["peak_rss_mb"], "{:.0f}"),
                          fmt(r.get("matrix_mb"), "{:.0f}")))
            widths = [max(len(row[i]) for row in t) for i in range(len(t[0]))]
            for i, row in enumerate(t):
                print("  ".join(c.ljust(widths[j]) if j == 0 else c.rjust(widths[j])
                                for j, c in enumerate(row)))
                if i == 0:
                    print("  ".join("-" * wd for wd in widths))
            print(f"file: {self.csv_rows[0]['file_mb']:.0f} MB, 60,000 x 785")
            print()
        for n in self.notes:
            print("note: " + n)

    def targets(self):
        """The issue's targets, each with the figure that decides it."""
        def rec(workload, system):
            for r in self.rows:
                if r["workload"].startswith(workload) and r["system"] == system:
                    return r
            return None

        def ratio(workload, peer):
            r = rec(workload, peer)
            return r["ratio_peer_over_mlp"] if r else None

        out = []

        def add(name, value, ok, shown):
            out.append((name, shown if value is not None else "not measured",
                        None if value is None else bool(ok)))

        v = ratio("W1", "torch"); add("W1 >= 100x faster per epoch than PyTorch", v, v and v >= 100, f"{fmt(v, '{:.0f}')}x")
        v = ratio("W1", "fann"); add("W1 >= 1.2x faster per epoch than FANN", v, v and v >= 1.2, f"FANN/mlp {fmt(v, '{:.2f}')}x")
        v = self.process_ms; add("W1 whole mlptrain process < 10 ms", v, v is not None and v < 10, f"{fmt(v, '{:.1f}')} ms")
        v = ratio("W2", "torch"); add("W2 >= 10x faster than PyTorch", v, v and v >= 10, f"{fmt(v, '{:.1f}')}x")
        v = ratio("W3", "torch"); add("W3 >= 10x faster than PyTorch", v, v and v >= 10, f"{fmt(v, '{:.1f}')}x")
        m = rec("W4", "mlp")
        v = m["pct_of_peak"] if m else None; add("W4 >= 90% of the dgemm peak", v, v and v >= 90, f"{fmt(v, '{:.0f}')}%")
        v = ratio("W4", "torch"); add("W4 faster than PyTorch", v, v and v > 1, f"{fmt(v, '{:.2f}')}x")
        j = [r for r in self.job_rows if r["system"] == "torch job"]
        v = j[0].get("ratio_peer_over_mlp") if j else None
        add("W4 whole job >= 3x faster than PyTorch's", v, v and v >= 3, f"{fmt(v, '{:.2f}')}x")
        if m and m.get("data_mb"):
            v = m["peak_rss_mb"] / m["data_mb"]
            add("W4 peak memory <= data + 25% (training)", v, v <= 1.25,
                f"{m['peak_rss_mb']:.0f} MB for {m['data_mb']:.0f} MB of data ({100 * (v - 1):+.0f}%)")
        m = rec("W5", "mlp")
        v = m["pct_of_peak"] if m else None; add("W5 >= 85% of the dgemm peak", v, v and v >= 85, f"{fmt(v, '{:.0f}')}%")
        v = ratio("W5", "torch"); add("W5 >= 3x faster than PyTorch", v, v and v >= 3, f"{fmt(v, '{:.2f}')}x")
        c1 = [r for r in self.csv_rows if r["system"] == "mlp" and r["threads"] == 1]
        cT = [r for r in self.csv_rows if r["system"] == "mlp" and r["threads"] == self.T]
        v = c1[0]["mb_per_s"] if c1 else None; add("CSV >= 400 MB/s on one thread", v, v and v >= 400, f"{fmt(v, '{:.0f}')} MB/s")
        if self.T >= 2:
            v = cT[0]["mb_per_s"] if cT else None; add(f"CSV >= 750 MB/s on {self.T} threads", v, v and v >= 750, f"{fmt(v, '{:.0f}')} MB/s")
        if cT:
            r = cT[0]
            extra = r["peak_rss_mb"] - r.get("base_rss_mb", 0) - r["matrix_mb"]
            add("CSV memory: matrix + a bounded buffer", extra, extra <= 64,
                f"{extra:+.0f} MB over the {r['matrix_mb']:.0f} MB matrix")
        for label, e, ml, tl, rel in self.agree:
            add(f"{label.split()[0]} final loss equals PyTorch's (~1e-9)", rel, rel <= 1e-9,
                f"{rel:.1g} after {e} epochs")
        return out

    def run(self):
        self.agree = []
        self.process_ms = None
        self.csv_rows = []
        self.job_rows = []
        t0 = time.time()
        self.load_start = os.getloadavg()[0]
        self.data()
        self.blas()
        for w in WORKLOADS:
            if self.a.only and w["id"] not in self.a.only and w["name"] not in self.a.only:
                continue
            self.workload(w)
        if not self.a.only or "W1" in self.a.only:
            self.process()
        if not self.a.only or "job" in self.a.only:
            self.job()
        if not self.a.only or "csv" in self.a.only:
            self.csv_load()
        self.load_end = os.getloadavg()[0]
        if max(self.load_start, self.load_end) > 0.5 + 0:
            self.notes.append(
                f"the 1-minute load average was {self.load_start:.2f} when the suite started and "
                f"{self.load_end:.2f} at its end: other processes were competing for the "
                f"{os.cpu_count()} cores, so every figure may be pessimistic")
        self.report()
        print("Targets (docs/performance.md):")
        for name, shown, ok in self.targets():
            mark = "met   " if ok else "MISSED" if ok is not None else "  -   "
            print(f"  [{mark}] {name}: {shown}")
            self.records.append({"target": name, "value": shown, "met": ok})
        print(f"(suite ran {time.time() - t0:.0f} s{', --quick' if self.quick else ''})")
        if self.a.json:
            with open(self.a.json, "w") as f:
                json.dump(self.records, f, indent=1)
                f.write("\n")


# What --only takes besides the workloads' ids and names: the CSV loading
# and the whole-job comparisons (Suite.run).
ONLY_EXTRAS = ["csv", "job"]


def check_only(ap, only):
    """Refuses, before anything is generated or run, an --only value that
    names nothing: Suite.run would skip every part it does not name, and a
    typo ran nothing without a word."""
    known = {w[k] for w in WORKLOADS for k in ("id", "name")} | set(ONLY_EXTRAS)
    listed = ", ".join([f'{w["id"]} ({w["name"]})' for w in WORKLOADS] + ONLY_EXTRAS)
    for x in only or []:
        if x not in known:
            ap.error(f'--only: no workload "{x}" (the workloads: {listed})')
    # A workload named by its name is its id from here on: "xor" runs W1's
    # whole-process timing too, as "W1" does.
    by_name = {w["name"]: w["id"] for w in WORKLOADS}
    return None if only is None else [by_name.get(x, x) for x in only]


def main():
    ap = cli_usage.ArgumentParser(__file__, __doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", metavar="FILE")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--out", default=os.path.join(HERE, "out"))
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    args.only = check_only(ap, args.only)
    if args.threads < 1:
        ap.error("--threads must be at least 1")
    Suite(args).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
