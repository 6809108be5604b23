#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --trace-row R traces data row R of the training file (docs/trace.md), also
# when a "validation_split" holds rows out: the traced X is that row's
# features, the trace's "row" is R, and a row held out for validation is
# refused naming a training row to trace instead.
# Usage: test_trace_row.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" trace_row "$@"
cp "$ROOT/data/moons.csv" .
# normalize none: the traced X is the row's cells as read.
printf '{"layers":[2,4,2],"activations":["tanh","softmax"],"loss":"cross_entropy","epochs":2,
 "data":{"train":"moons.csv","targets":"label","validation_split":0.5,"normalize":"none"}}\n' > split.json

# check_rows SEED-OPTION...: rows 1..12, each traced or refused.
check_rows() {
    local traced=0 held=0 r
    for r in $(seq 1 12); do
        rm -f tr.json
        if "$MLPTRAIN" -c split.json -q -w t.bin -o t.csv --trace tr.json --trace-row "$r" "$@" 2> err.txt; then
            /usr/bin/python3 - "$r" <<'PY' && traced=$((traced + 1)) || bad "--trace-row $r $*: not data row $r"
import csv, json, sys
r = int(sys.argv[1])
t = json.load(open("tr.json"))
x = [s for s in t["steps"] if s["name"] == "X"][0]["data"]
row = list(csv.reader(open("moons.csv")))[r]  # row 0 is the header
sys.exit(0 if t["row"] == r and x == [[float(row[0]), float(row[1])]] else 1)
PY
        elif grep -qx "mlptrain: --trace-row $r: data row $r is in the validation split, not a training row; trace a training row, for example --trace-row [0-9]*" err.txt; then
            near=$(sed 's/.*--trace-row //' err.txt)
            "$MLPTRAIN" -c split.json -q -w t.bin -o t.csv --trace tr.json --trace-row "$near" "$@" \
                && held=$((held + 1)) || bad "--trace-row $r $*: the row it names, $near, is refused too"
        else
            bad "--trace-row $r $*: $(cat err.txt)"
        fi
    done
    # Both kinds seen: the test cannot pass on rows of one kind alone.
    [ "$traced" -gt 0 ] && [ "$held" -gt 0 ] && ok || bad "rows traced $traced, held out $held ($*)"
}
check_rows
# --seed draws other initial weights, never another split.
check_rows --seed 9

"$MLPTRAIN" -c split.json -q -w t.bin -o t.csv --trace tr.json --trace-row 201 2> err.txt
[ $? = 2 ] && [ "$(cat err.txt)" = "mlptrain: --trace-row 201 is out of range: the training file has 200 rows; give a row from 1 to 200 (rows count from 1, the header not included)" ] \
    && ok || bad "--trace-row past the file: $(cat err.txt)"
finish
