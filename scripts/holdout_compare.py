#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Compare two holdout runs of scripts/proben1.sh, unit by unit.

    scripts/proben1.sh --holdout --folds 5 --sets S --keep A                 # the baseline
    scripts/proben1.sh --holdout --folds 5 --sets S --configs DIR --keep B   # a candidate
    scripts/holdout_compare.py A B

Both runs hold out the same seeded folds and train the same seeds, so each
(fold, seed) unit gives a pair of held-out MSEs, baseline a and candidate b.
The question is whether b is lower than a by more than chance. The spread of
the 20 MSEs of one run (the "±" proben1.sh prints) is mostly the difference
between folds, which both runs share; the paired differences d = b - a remove
it. Their plain standard error sd(d)/sqrt(n) is still too small, because the
units are not independent: the K training sets of a K-fold split share (K-2)/(K-1)
of their rows. The corrected repeated K-fold t statistic (Nadeau and Bengio,
"Inference for the generalization error", Machine Learning 52, 2003, as
adapted to r times repeated K-fold by Bouckaert and Frank, PAKDD 2004) widens
it by the ratio of held-out to training rows:

    t = mean(d) / sqrt((1/n + n_held/n_train) * var(d)),  n = K x seeds,
    n_held/n_train = 1/(K-1)

with n - 1 degrees of freedom. |t| below the two-sided 5% point of Student's t
reads "no difference shown": the holdout cannot tell the two configs apart.
"shown beyond" is the change of the mean that would have reached that point
with the same spread of differences, crit x sqrt((1/n + 1/(K-1)) var(d)) over
the baseline's mean: the resolution of this holdout for this pair.
The seeds here are not new random splits (every seed reuses the same K folds),
which the correction does not model; it is the usual test for this design, not
an exact one. Prints one Markdown row per set the two folders share (and names
the sets only one holds); exits 2 on a usage error, or when a shared set's
folds and seeds differ between the folders.
"""
import math
import os
import re
import statistics
import sys

sys.dont_write_bytecode = True  # no __pycache__ in scripts/ from the import below
import cli_usage  # noqa: E402  (--help and the one form of a usage error)

UNIT = re.compile(r"^(?P<set>.+)\.f(?P<fold>[0-9]+)\.(?P<seed>[0-9]+)\.eval$")
MSE = re.compile(r": mse (\S+) ")
USAGE = cli_usage.Usage(__file__, __doc__)


def die(message):
    """Exit 2 with the one line of a usage error: a folder that is not a
    kept holdout run, or two that are not runs of the same design, are the
    command line's fault as much as a missing folder."""
    USAGE.error(message)


def read_run(folder):
    """{(set, fold, seed): held-out MSE} from a kept proben1.sh --holdout folder."""
    if not os.path.isdir(folder):
        die(f'"{folder}" is not a folder')
    run = {}
    for name in sorted(os.listdir(folder)):
        m = UNIT.match(name)
        if not m:
            continue
        path = os.path.join(folder, name)
        with open(path) as f:
            found = MSE.search(f.read())
        if not found:
            die(f"{path}: no \"mse\" figure in it; is it from mlppredict --evaluate?")
        run[(m["set"], int(m["fold"]), int(m["seed"]))] = float(found.group(1))
    if not run:
        die(f'"{folder}" holds no <set>.f<k>.<seed>.eval files; '
            "keep a run of scripts/proben1.sh --holdout --folds K with --keep")
    return run


def t_quantile_975(df):
    """Two-sided 5% point of Student's t: the Cornish-Fisher expansion about
    the normal point (Abramowitz and Stegun 26.7.5), to 1e-3 for df >= 5."""
    z = 1.959963984540054
    return (z + (z**3 + z) / (4 * df)
            + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3))


def compare(name, a, b):
    """The row of one set: means, relative change, units lower, t, verdict."""
    keys = sorted(a)
    folds = max(k[1] for k in keys)
    n = len(keys)
    d = [b[k] - a[k] for k in keys]
    mean_a = statistics.fmean(a[k] for k in keys)
    mean_d = statistics.fmean(d)
    mean_b = mean_a + mean_d
    lower = sum(x < 0 for x in d)
    var = statistics.variance(d) if n > 1 else 0.0
    ratio = 1 / (folds - 1) if folds > 1 else 0.25  # --folds 1 holds out 20%: 1/4
    scale = math.sqrt((1 / n + ratio) * var)
    if scale == 0:
        t = 0.0 if mean_d == 0 else math.copysign(math.inf, mean_d)
    else:
        t = mean_d / scale
    crit = t_quantile_975(n - 1) if n > 1 else math.inf
    if abs(t) < crit:
        verdict = "no difference shown"
    else:
        verdict = "candidate lower" if t < 0 else "candidate higher"
    # The smallest change of the mean this comparison could show: |t| = crit.
    shown = 100 * crit * scale / mean_a if n > 1 else math.inf
    return (f"| {name} | {mean_a:.5g} | {mean_b:.5g} | {100 * (mean_b / mean_a - 1):+.1f}% "
            f"| ±{shown:.1f}% | {lower} of {n} | {t:+.2f} (5%: ±{crit:.2f}) | {verdict} |")


def main(argv):
    args = USAGE.arguments(argv[1:])
    if len(args) > 2:
        USAGE.unknown(args[2])
    if len(args) != 2:
        die("two folders are needed")
    base_dir, cand_dir = args
    base, cand = read_run(base_dir), read_run(cand_dir)
    common = sorted({k[0] for k in base} & {k[0] for k in cand})
    if not common:
        die("the runs share no set; compare runs of the same sets")
    unpaired = sorted(k for k in base.keys() ^ cand.keys() if k[0] in common)
    if unpaired:
        only = unpaired[0]
        where = base_dir if only in base else cand_dir
        die(f"the runs hold different units: {only[0]} fold {only[1]} seed {only[2]} is only in "
            f"{where}; compare runs of the same --folds and seeds")
    print("| set | baseline MSE | candidate MSE | change | shown beyond | units lower "
          "| corrected t | verdict |")
    print("|---|---|---|---|---|---|---|---|")
    for name in common:
        keys = [k for k in base if k[0] == name]
        print(compare(name, {k: base[k] for k in keys}, {k: cand[k] for k in keys}))
    for folder, run in ((base_dir, base), (cand_dir, cand)):
        alone = sorted({k[0] for k in run} - set(common))
        if alone:
            print(f"\nnot compared (only in {folder}): {', '.join(alone)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
