#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The rare-class warning gives the even split in whole rows when it is
# whole (docs/diagnostics.md): PROBEN1 thyroid, 3600 rows in 3 one-hot
# classes, was told "fewer than a tenth of the 1.2e+03 an even split
# gives". The figures are counted here from the CSV, and the message the
# doc quotes must be the one printed.
# Usage: test_rare_class.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" rare_class "$@"
PYTHON=/usr/bin/python3
(cd "$ROOT" && "$MLPTRAIN" --check -c configs/proben1/thyroid.json) > check.out 2> check.err
grep -o 'class "y1" has .* an even split gives' check.out > said.txt
[ -s said.txt ] && ok || bad "no rare-class warning for y1: $(cat check.out check.err)"
"$PYTHON" - "$ROOT/data/proben1/thyroid.train.csv" said.txt <<'PY' && ok || bad "the figures: $(cat said.txt)"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
n, classes = len(rows), 3  # y1, y2, y3: one-hot
rare = sum(float(r["y1"]) == 1 for r in rows)
assert n % classes == 0, n  # an even split of whole rows: the case this test is for
want = (f'class "y1" has {rare} of the {n} rows ({100 * rare / n:.2g}%), '
        f'fewer than a tenth of the {n // classes} an even split gives')
said = open(sys.argv[2]).read().strip()
sys.exit(0 if said == want else f"said {said!r}, want {want!r}")
PY
grep -qF "\`$(cat said.txt)\`" "$ROOT/docs/diagnostics.md" && ok \
    || bad "docs/diagnostics.md does not quote: $(cat said.txt)"

finish
