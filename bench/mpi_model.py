#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The time-per-epoch model of docs/scaling.md: data-parallel full-batch
training on P machines, one rank each, one ring allreduce of the gradient
block per epoch. Plain Python 3, the standard library only.

    bench/mpi_model.py [--inputs FILE]            the doc's tables, as markdown
    bench/mpi_model.py [--inputs FILE] --json     the same figures as JSON
    bench/mpi_model.py [--inputs FILE] --write-doc   rewrites docs/scaling.md's tables
    bench/mpi_model.py --record RUN.json          RUN.json (bench/mpi_run.py's) becomes
                                                  bench/mpi_inputs.json and the doc's
                                                  tables are rewritten from it
                                                  (refused, and nothing written, when
                                                  a workload, rank or figure is missing)

The inputs (default bench/mpi_inputs.json, written by bench/mpi_bench.sh) are
measured on one machine: the time per epoch of W4 and W5 in one process of
one thread (the compute per row), the same with 2 and 3 ranks, and the
shared-memory allreduce's latency and bandwidth (bench/mpi_allreduce.c).
The model:

    T(P)    = c * ceil(R / P) + A(P)
    A(P)    = 2 (P - 1) alpha + 2 (P - 1) / P * bytes / bandwidth     (ring allreduce)
    E(P)    = T(1) / (P * T(P))                                        (efficiency)
    bytes   = 8 * (n_params + TAIL)     (the gradient block and TAIL = 4 figures: the loss
                                         sum, the correct count, the rows, the stop flag)

c is the compute per row of one core of the measuring machine, R the rows.
"Communication dominates" from the smallest P at which A(P) >= c * ceil(R / P).
Every figure is printed with a fixed format, so the same inputs give the
same bytes; tests/cli/test_scaling_model.sh checks that docs/scaling.md
holds exactly this script's output.
"""

import json
import math
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.dont_write_bytecode = True  # no __pycache__ in scripts/ from the import below
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import cli_usage  # noqa: E402  (--help and the one form of a usage error)
DEFAULT_INPUTS = os.path.join(HERE, "mpi_inputs.json")
DOC = os.path.join(ROOT, "docs", "scaling.md")

# The links of the cluster table: line rate as the bandwidth (an upper
# bound: TCP over Ethernet delivers about 90% of it), and a per-step latency
# typical of MPI over TCP on a switched Ethernet (15-30 us one way).
LINKS = [
    dict(name="10 Gb/s Ethernet", bandwidth_GBps=1.25, alpha_us=20.0),
    dict(name="25 Gb/s Ethernet", bandwidth_GBps=3.125, alpha_us=20.0),
]
BIG_ROWS = 10 ** 8
TAIL = 4   # the doubles mlptrain's allreduce sends after the gradient (src/cli/comm_mpi.c)
MACHINES = [8, 64, 512]
NETS = {"W4": "784-256-128-10", "W5": "32-64-64-1"}
MARK = "<!-- mpi_model.py {} {} -->"


# -- the model ---------------------------------------------------------------

def allreduce_s(P, nbytes, alpha_us, bandwidth_GBps):
    """Seconds of one ring allreduce of nbytes over P ranks."""
    if P <= 1:
        return 0.0
    return 2 * (P - 1) * alpha_us * 1e-6 + 2 * (P - 1) / P * nbytes / (bandwidth_GBps * 1e9)


def compute_s(P, rows, c, cores=None):
    """Seconds of one epoch's compute on each of P ranks: the largest slice.
    With cores < P the ranks share the cores: each gets cores / P of one."""
    share = 1.0 if cores is None or P <= cores else cores / P
    return c * math.ceil(rows / P) / share


def epoch_s(P, rows, c, nbytes, alpha_us, bandwidth_GBps, cores=None):
    return compute_s(P, rows, c, cores) + allreduce_s(P, nbytes, alpha_us, bandwidth_GBps)


def efficiency(P, rows, c, nbytes, alpha_us, bandwidth_GBps):
    return epoch_s(1, rows, c, nbytes, alpha_us, bandwidth_GBps) / (
        P * epoch_s(P, rows, c, nbytes, alpha_us, bandwidth_GBps))


def crossover(rows, c, nbytes, alpha_us, bandwidth_GBps):
    """The smallest P (at most one row per machine) at which the allreduce
    takes as long as the compute, or None."""
    lo, hi = 2, rows
    if allreduce_s(hi, nbytes, alpha_us, bandwidth_GBps) < compute_s(hi, rows, c):
        return None
    # A(P) grows with P and the compute shrinks: bisect on the sign.
    while lo < hi:
        mid = (lo + hi) // 2
        if allreduce_s(mid, nbytes, alpha_us, bandwidth_GBps) >= compute_s(mid, rows, c):
            hi = mid
        else:
            lo = mid + 1
    return lo


# -- inputs ------------------------------------------------------------------

def run_of(w, ranks):
    for r in w["runs"]:
        if r["ranks"] == ranks:
            return r
    return None


def link_of(inputs, ranks):
    for a in inputs.get("allreduce", []):
        if a["ranks"] == ranks and a.get("alpha_us") is not None:
            return a
    return None


def figures(inputs):
    """Everything the tables show, as plain numbers."""
    out = {"cluster": [], "check": []}
    for w in inputs["workloads"]:
        one = run_of(w, 1)
        if not one or one.get("ms_per_epoch") is None:
            continue
        c = one["ms_per_epoch"] * 1e-3 / w["rows"]
        nbytes = 8 * (w["params"] + TAIL)
        for rows in (w["rows"], BIG_ROWS):
            for link in LINKS:
                a, b = link["alpha_us"], link["bandwidth_GBps"]
                out["cluster"].append(dict(
                    data=w["id"] if rows == w["rows"] else "10^8 rows", network=NETS.get(w["id"], "?"),
                    workload=w["id"], rows=rows, bytes=nbytes, link=link["name"],
                    compute_1_s=compute_s(1, rows, c), allreduce_8_s=allreduce_s(8, nbytes, a, b),
                    crossover=crossover(rows, c, nbytes, a, b),
                    efficiency={str(P): efficiency(P, rows, c, nbytes, a, b) for P in MACHINES}))
        for P in (2, 3):
            link = link_of(inputs, P)
            run = run_of(w, P)
            row = dict(workload=w["id"], ranks=P, cores=inputs["cores"])
            if link:
                a, b = link["alpha_us"], link["bandwidth_GBps"]
                row.update(alpha_us=a, bandwidth_GBps=b,
                           compute_s=compute_s(P, w["rows"], c, inputs["cores"]),
                           allreduce_s=allreduce_s(P, nbytes, a, b),
                           predicted_s=epoch_s(P, w["rows"], c, nbytes, a, b, inputs["cores"]))
            if run:
                row.update(measured_s=None if run.get("ms_per_epoch") is None else run["ms_per_epoch"] * 1e-3,
                           measured_allreduce_s=None if run.get("allreduce_ms") is None
                           else run["allreduce_ms"] * 1e-3)
            out["check"].append(row)
    return out


# -- formatting --------------------------------------------------------------

def t(seconds):
    """A time in 3 significant digits and a readable unit."""
    if seconds is None:
        return "-"
    if seconds >= 100:
        return "{:,.0f} s".format(float("{:.3g}".format(seconds)))
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale or unit == "us":
            return "{:.3g} {}".format(seconds / scale, unit)


def pct(x):
    return "-" if x is None else "{:.1f}%".format(100 * x)


def cluster_table(fig):
    lines = ["| data | network | rows | gradient block | link | compute per epoch, 1 machine "
             "| allreduce at P = 8 | allreduce >= compute from P | E(8) | E(64) | E(512) |",
             "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
    for r in fig["cluster"]:
        cross = "never (1 row each)" if r["crossover"] is None else "{:,}".format(r["crossover"])
        lines.append("| {} | {} | {:,} | {:,} B | {} | {} | {} | {} | {} | {} | {} |".format(
            r["data"], r["network"], r["rows"], r["bytes"], r["link"], t(r["compute_1_s"]),
            t(r["allreduce_8_s"]), cross, pct(r["efficiency"]["8"]), pct(r["efficiency"]["64"]),
            pct(r["efficiency"]["512"])))
    return lines


def check_table(fig, inputs):
    lines = ["| workload | ranks | compute (model) | allreduce (model) | epoch (model) "
             "| epoch (measured) | model / measured | allreduce (measured) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in fig["check"]:
        pred, meas = r.get("predicted_s"), r.get("measured_s")
        ratio = "-" if pred is None or not meas else "{:.2f}".format(pred / meas)
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["workload"], r["ranks"], t(r.get("compute_s")), t(r.get("allreduce_s")), t(pred),
            t(meas), ratio, t(r.get("measured_allreduce_s"))))
    shm = []
    for a in inputs.get("allreduce", []):
        if a.get("alpha_us") is not None:
            shm.append("{} ranks: alpha {:.3g} us, bandwidth {:.3g} GB/s".format(
                a["ranks"], a["alpha_us"], a["bandwidth_GBps"]))
    lines.append("")
    lines.append("Shared-memory allreduce (bench/mpi_allreduce.c, ring-form fit): "
                 + ("; ".join(shm) if shm else "not measured") + ".")
    lines.append("Measured {} on {} ({} cores), load average {}; {}.".format(
        inputs.get("when", "?"), inputs.get("machine", "?"), inputs.get("cores", "?"),
        inputs.get("load", "?"), inputs.get("note", "one thread per rank")))
    return lines


def measured_table(inputs):
    """bench/mpi_bench.sh's figures, as its report shows them."""
    lines = ["| workload | ranks | ms/epoch | speed-up | efficiency | allreduce per epoch | before epoch 1 "
             "| outside the epochs | peak MB per rank | memory vs 1 process | loss log vs 1 process |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for w in inputs["workloads"]:
        one = run_of(w, 1)
        for r in w["runs"]:
            ms = r.get("ms_per_epoch")
            sp = one["ms_per_epoch"] / ms if one and ms and one.get("ms_per_epoch") else None
            rss = [x for x in r.get("rss_mb") or [] if x is not None]
            base = (one.get("rss_mb") or [None])[0] if one else None
            mem = max(rss) / base if rss and base else None
            diff = r.get("loss_rel_diff")
            lines.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                w["id"], r["ranks"], "-" if ms is None else "{:.1f}".format(ms),
                "-" if sp is None else "{:.2f}x".format(sp),
                "-" if sp is None else pct(sp / r["ranks"]),
                t(None if r.get("allreduce_ms") is None else r["allreduce_ms"] * 1e-3),
                t(r.get("setup_s")), t(r.get("outside_s")),
                " / ".join("{:.0f}".format(x) for x in rss) or "-",
                "-" if mem is None else "{:.2f}".format(mem),
                "-" if r["ranks"] == 1 else ("-" if diff is None else "{:.1e}".format(diff))))
    lines.append("")
    lines.append("`{}`, {} UTC, load average {} (the median of {} round(s)).".format(
        inputs.get("command", "bench/mpi_bench.sh"), inputs.get("when", "?").replace(" UTC", ""),
        inputs.get("load", "?"), inputs.get("rounds", 1)))
    return lines


def blocks(inputs):
    fig = figures(inputs)
    return {"measured": measured_table(inputs), "cluster": cluster_table(fig),
            "check": check_table(fig, inputs)}


def render(inputs):
    out = []
    for name, lines in blocks(inputs).items():
        out.append(MARK.format("begin", name))
        out.extend(lines)
        out.append(MARK.format("end", name))
    return "\n".join(out) + "\n"


def write_doc(inputs, path):
    text = open(path).read()
    for name, lines in blocks(inputs).items():
        begin, end = MARK.format("begin", name), MARK.format("end", name)
        i, j = text.find(begin), text.find(end)
        if i < 0 or j < i:
            sys.exit("mpi_model.py: {} has no {} ... {} block".format(path, begin, end))
        text = text[:i + len(begin)] + "\n" + "\n".join(lines) + "\n" + text[j:]
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def missing(inputs):
    """What a run lacks that docs/scaling.md's tables show, one phrase per
    gap (empty for a whole run): the workloads W4 and W5, each with 1, 2 and 3
    ranks and every figure of the measured table, and the allreduce fits at
    2 and 3 ranks. A partial run (a workload that failed, a shim that was not
    preloaded) must not replace the committed inputs."""
    gaps = []
    works = {w.get("id"): w for w in inputs.get("workloads") or []}
    for wid in NETS:
        w = works.get(wid)
        if w is None:
            gaps.append("no workload " + wid)
            continue
        for P in (1, 2, 3):
            run = run_of(w, P)
            if run is None:
                gaps.append("{}: no run with {} rank{}".format(wid, P, "s" if P > 1 else ""))
                continue
            keys = ["ms_per_epoch", "outside_s", "rss_mb"]
            if P > 1:
                keys += ["allreduce_ms", "setup_s", "loss_rel_diff"]
            for k in keys:
                v = run.get(k)
                if v is None or (isinstance(v, list) and (len(v) != P or None in v)):
                    gaps.append("{} with {} rank{}: no {}".format(wid, P, "s" if P > 1 else "", k))
    for P in (2, 3):
        if link_of(inputs, P) is None:
            gaps.append("no allreduce fit at {} ranks".format(P))
    return gaps


def read_inputs(ap, option, path):
    """The JSON of --inputs or --record, or a usage error naming the file."""
    try:
        with open(path) as f:
            return json.load(f)
    except OSError as e:
        ap.error(f'{option} "{path}": cannot read: {e.strerror}')
    except ValueError as e:
        ap.error(f'{option} "{path}": not JSON ({e})')


def main():
    ap = cli_usage.ArgumentParser(__file__, __doc__)
    ap.add_argument("--inputs", default=DEFAULT_INPUTS)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--record", metavar="RUN.json")
    ap.add_argument("--write-doc", action="store_true")
    a = ap.parse_args()
    if a.record:
        inputs = read_inputs(ap, "--record", a.record)
        gaps = missing(inputs)
        if gaps:
            sys.exit("mpi_model.py: {}: a partial run ({}); bench/mpi_inputs.json and docs/scaling.md "
                     "are left as they are; rerun bench/mpi_bench.sh --ranks 1,2,3 and record its JSON"
                     .format(a.record, "; ".join(gaps)))
        shutil.copyfile(a.record, DEFAULT_INPUTS)
        write_doc(inputs, DOC)
        print("mpi_model.py: {} is now bench/mpi_inputs.json; docs/scaling.md's tables rewritten"
              .format(a.record))
        return
    inputs = read_inputs(ap, "--inputs", a.inputs)
    if a.write_doc:
        write_doc(inputs, DOC)
    elif a.json:
        print(json.dumps(figures(inputs), indent=1, sort_keys=True))
    else:
        sys.stdout.write(render(inputs))


if __name__ == "__main__":
    main()
