#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The data behind the safety factor of `mlptrain --lr-scan`
(docs/diagnostics.md, "Why a tenth"). For each config it scans the rates
1e-4 .. 100 (3 per decade, 20 epochs each), reads the largest stable rate
S, then trains the whole run at S/f for each factor f and reports whether
the run's messages say anything about the learning rate (the pre-flight's
lr-unstable, the diagnosis's loss-exploding or loss-rose, a divergence)
and the final training loss, next to the loss at the spec's own rate.

    usage: scripts/lrscan_safety.py [BUILD_DIR]

BUILD_DIR is the folder of the mlptrain to measure [build], from where the
script is started. It builds nothing; a few minutes on 2 cores.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in scripts/ from the import below
import cli_usage  # noqa: E402  (--help and the one form of a usage error)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FACTORS = [1, 2, 3, 5, 10, 20]
# gd: the example configs, and PROBEN1 sets with their update rule swapped
# for plain gradient descent (the rule whose edge of stability is sharpest);
# adam: the PROBEN1 configs that use it.
CONFIGS = [
    ("configs/xor.json", None),
    ("configs/moons.json", None),
    ("configs/proben1/diabetes.json", "gd"),
    ("configs/proben1/thyroid.json", "gd"),
    ("configs/proben1/robot.json", "gd"),
    ("configs/proben1/building.json", "momentum"),
    ("configs/proben1/abelone.json", None),
    ("configs/proben1/building.json", None),
    ("configs/proben1/kin32fm.json", None),
    ("configs/proben1/two-spiral.json", None),
]
LR_WORDS = re.compile(r"lr-unstable|is unstable|too large|became (NaN|infinite)|learning_rate")
FINAL = re.compile(r"final loss ([0-9.e+-]+|nan|inf)")


def variant(path, optimizer, tmp):
    """The config, with its optimizer replaced (paths made absolute)."""
    if optimizer is None:
        return path
    spec = json.load(open(path))
    base = os.path.dirname(os.path.abspath(path))
    for key in ("train", "validation", "test"):
        if key in spec.get("data", {}):
            spec["data"][key] = os.path.join(base, spec["data"][key])
    spec["optimizer"] = {"name": optimizer}
    spec["learning_rate"] = 0.1
    spec.pop("output", None)
    out = os.path.join(tmp, f"{os.path.basename(path)[:-5]}-{optimizer}.json")
    json.dump(spec, open(out, "w"))
    return out


def train(mlptrain, spec, rate, tmp):
    cmd = [mlptrain, "-c", spec, "--progress", "none", "-w", os.path.join(tmp, "w.bin"),
           "-o", os.path.join(tmp, "l.csv")]
    if rate is not None:
        cmd += ["-l", repr(rate)]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    said = [l for l in r.stderr.splitlines() if l.startswith("mlptrain:") and LR_WORDS.search(l)]
    m = FINAL.findall(r.stderr)
    final = float(m[-1]) if m else float("inf")
    return said, final


def scan(mlptrain, spec):
    r = subprocess.run([mlptrain, "-c", spec, "--lr-scan", "1e-4:100"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, check=True)
    rows = []
    for line in r.stdout.splitlines():
        f = line.split()
        if len(f) >= 4 and re.match(r"^[0-9.e+-]+$", f[0]) and f[3] in ("stable", "unstable",
                                                                        "diverged"):
            rows.append((float(f[0]), float(f[2]) if f[2] not in ("nan", "inf") else
                         float("inf"), f[3] == "stable"))
    stable = [r for r in rows if r[2]]
    largest = max(r[0] for r in stable)
    best = min(stable, key=lambda r: (r[1], r[0]))[0]
    return largest, best


def mlptrain_of(argv):
    """The mlptrain of the command line's BUILD_DIR (the caller's path),
    refused before any run when there is none."""
    usage = cli_usage.Usage(__file__, __doc__)
    args = usage.arguments(argv[1:])
    if len(args) > 1:
        usage.unknown(args[1])
    build = args[0] if args else "build"
    if not os.path.isdir(build):
        usage.error(f'BUILD_DIR "{build}" is not a folder')
    mlptrain = os.path.join(os.path.abspath(build), "mlptrain")
    if not os.access(mlptrain, os.X_OK):
        usage.error(f'BUILD_DIR "{build}" holds no mlptrain')
    return mlptrain


def main():
    mlptrain = mlptrain_of(sys.argv)
    os.chdir(ROOT)  # the configs are the repository's, wherever it is started
    with tempfile.TemporaryDirectory() as tmp:
        print("| config | optimizer | largest stable S | lowest final loss at | spec rate: final loss | "
              + " | ".join(f"S/{f}" for f in FACTORS) + " |")
        print("|---|---|---|---|---|" + "---|" * len(FACTORS))
        for path, opt in CONFIGS:
            spec = variant(path, opt, tmp)
            name = json.load(open(spec)).get("optimizer", {}).get("name", "gd")
            largest, best = scan(mlptrain, spec)
            _, own = train(mlptrain, spec, None, tmp)
            cells = []
            for f in FACTORS:
                said, final = train(mlptrain, spec, largest / f, tmp)
                cells.append(("**said**" if said else "silent") + f", {final:.3g}")
            print(f"| {path} | {name} | {largest:g} | {best:g} | {own:.3g} | " + " | ".join(cells)
                  + " |", flush=True)


if __name__ == "__main__":
    main()
