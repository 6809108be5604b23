#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""How much a committee gains over its members, and how much a larger one could.

    scripts/proben1.sh --holdout --folds 5 --committee 5 --sets S --keep A
    scripts/committee_gain.py A [--size N]

A committee's output is the mean of its M networks' outputs, f = (1/M) sum f_i.
For the squared error, on every row and output (Krogh and Vedelsby, "Neural
network ensembles, cross validation, and active learning", NIPS 7, 1995):

    (f - y)^2 = (1/M) sum (f_i - y)^2 - (1/M) sum (f_i - f)^2

so the committee's MSE E_M is the members' mean MSE Ebar less their spread
about the committee (the "ambiguity"), never more. Taking the expectation over
random starts (networks trained alike with different seeds: exchangeable, each
with variance s^2 about their common mean and correlation r between two),

    Ebar = E_inf + (1 - r) s^2,    E_M = E_inf + (1 - r) s^2 / M

where E_inf is the error of the mean of infinitely many such networks: the part
no committee of them can remove. Solving with the measured Ebar and E_M,

    E_N = E_M - (Ebar - E_M) (1/M - 1/N) / (1 - 1/M),
    E_inf = E_M - (Ebar - E_M) / (M - 1)

which this script prints for a kept holdout run whose committee members were
each evaluated alone (proben1.sh --holdout writes <unit>.<seed>.m<k>.eval
beside the committee's <unit>.<seed>.eval): per set, the mean over the run's
folds and seeds of Ebar and E_M, the gain of the committee over its members,
and the projection to N networks (--size, default 10) and to unlimited ones.
The projection assumes more networks trained as these were; it is an
estimate from M of them, not a measurement. Exits 2 on a usage error, or when
a committee's MSE is above its members' mean (the identity above forbids it:
the files are not of one run).
"""
import os
import re
import statistics
import sys

sys.dont_write_bytecode = True  # no __pycache__ in scripts/ from the imports below
import cli_usage  # noqa: E402  (--help and the one form of a usage error)
from holdout_compare import MSE  # noqa: E402  (the one reading of an --evaluate line)

UNIT = re.compile(r"^(?P<unit>.+\.f[0-9]+\.[0-9]+)(?:\.m(?P<member>[0-9]+))?\.eval$")
USAGE = cli_usage.Usage(__file__, __doc__)
# mlppredict --evaluate prints the MSE to 6 significant digits, so each figure
# is within 5e-6 of itself relatively; a committee may read up to that much
# above its members' mean and still be one.
PRINTED = 1e-5


def die(message):
    """Exit 2 with the one line of a usage error: a folder that is not a
    kept run of committees is the command line's fault as much as a missing
    folder."""
    USAGE.error(message)


def read_mse(path):
    with open(path) as f:
        found = MSE.search(f.read())
    if not found:
        die(f"{path}: no \"mse\" figure in it; is it from mlppredict --evaluate?")
    return float(found.group(1))


def read_run(folder):
    """{set: [(E_M, [member MSEs]) per unit]} from a kept holdout folder."""
    if not os.path.isdir(folder):
        die(f'"{folder}" is not a folder')
    committees, members = {}, {}
    for name in sorted(os.listdir(folder)):
        m = UNIT.match(name)
        if not m:
            continue
        mse = read_mse(os.path.join(folder, name))
        if m["member"] is None:
            committees[m["unit"]] = mse
        else:
            members.setdefault(m["unit"], {})[int(m["member"])] = mse
    if not committees:
        die(f'"{folder}" holds no <set>.f<k>.<seed>.eval files; keep a run of '
            "scripts/proben1.sh --holdout --folds K --committee M with --keep")
    run = {}
    for unit in sorted(committees):
        mine = members.get(unit, {})
        if len(mine) < 2:
            die(f"{os.path.join(folder, unit)}: no evaluations of its members "
                f"({unit}.m1.eval, ...); keep a run of scripts/proben1.sh --holdout "
                "--committee M (M of 2 or more) with --keep")
        if sorted(mine) != list(range(1, len(mine) + 1)):
            die(f"{os.path.join(folder, unit)}: members {sorted(mine)} are not 1 to {len(mine)}")
        ebar = statistics.fmean(mine.values())
        if committees[unit] > ebar * (1 + PRINTED):
            die(f"{os.path.join(folder, unit)}.eval: the committee's MSE {committees[unit]:.6g} "
                f"is above its members' mean {ebar:.6g}, which a mean of their outputs "
                "cannot be; are these files from one run?")
        run.setdefault(unit.rsplit(".f", 1)[0], []).append((committees[unit], list(mine.values())))
    return run


def row(name, units, size):
    """One set's row: the means over its units, the gain, the projections."""
    sizes = {len(m) for _, m in units}
    if len(sizes) != 1:
        die(f"set {name}: its committees have different sizes {sorted(sizes)}")
    m = sizes.pop()
    e_m = statistics.fmean(e for e, _ in units)
    ebar = statistics.fmean(statistics.fmean(members) for _, members in units)
    spread = ebar - e_m                          # (1 - 1/M)(1 - r) s^2
    e_n = e_m - spread * (1 / m - 1 / size) / (1 - 1 / m)
    e_inf = e_m - spread / (m - 1)

    def change(x):
        return f"{100 * (x / e_m - 1):+.2f}%"
    return (f"| {name} | {m} | {len(units)} | {ebar:.5g} | {e_m:.5g} "
            f"| {100 * (e_m / ebar - 1):+.2f}% | {e_n:.5g} ({change(e_n)}) "
            f"| {e_inf:.5g} ({change(e_inf)}) |")


def main(argv):
    args = USAGE.arguments(argv[1:], valued=("--size",))
    size = 10
    while "--size" in args:
        i = args.index("--size")
        if not re.fullmatch(r"[1-9][0-9]{0,3}", args[i + 1]) or int(args[i + 1]) < 2:
            die(f'--size needs a whole number from 2 to 9999, not "{args[i + 1]}"')
        size = int(args[i + 1])
        del args[i:i + 2]
    if len(args) > 1:
        USAGE.unknown(args[1])
    if len(args) != 1:
        die("one folder is needed")
    run = read_run(args[0])
    rows = [row(name, run[name], size) for name in sorted(run)]
    print(f"| set | networks | units | members' mean MSE | committee MSE | members → committee "
          f"| {size} networks (projected) | unlimited (projected) |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
