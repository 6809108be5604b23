#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# mpi_compare.py: compares two CSV files of numbers (two loss logs, or two
# prediction files) cell by cell, for the MPI tests (tests/cli/test_mpi*.sh).
#   mpi_compare.py A B REL
# The headers and the row counts must be equal; integer cells (epoch,
# best_epoch, refit) exactly; other numbers within the relative difference
# REL: |a - b| <= REL * max(|a|, |b|). Prints the largest relative difference
# seen ("max relative difference 3.1e-15 over 2000 rows") and exits 1 when a
# cell is out of bounds, naming the first.
import sys


def cells(path):
    with open(path) as f:
        return [line.rstrip("\n").split(",") for line in f]


def main():
    a, b, rel = cells(sys.argv[1]), cells(sys.argv[2]), float(sys.argv[3])
    if len(a) != len(b):
        print(f"{len(a)} lines against {len(b)}")
        return 1
    worst = 0.0
    for i, (ra, rb) in enumerate(zip(a, b)):
        if len(ra) != len(rb):
            print(f"line {i + 1}: {len(ra)} fields against {len(rb)}")
            return 1
        for j, (x, y) in enumerate(zip(ra, rb)):
            if x == y:
                continue
            try:
                fx, fy = float(x), float(y)
            except ValueError:
                print(f"line {i + 1} field {j + 1}: {x!r} against {y!r}")
                return 1
            if x.lstrip("-").isdigit() or y.lstrip("-").isdigit():
                print(f"line {i + 1} field {j + 1}: {x} against {y} (integers differ)")
                return 1
            d = abs(fx - fy) / max(abs(fx), abs(fy))
            worst = max(worst, d)
            if not d <= rel:
                print(f"line {i + 1} field {j + 1}: {x} against {y}: relative difference {d:.3g} > {rel:g}")
                return 1
    print(f"max relative difference {worst:.3g} over {len(a) - 1} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
