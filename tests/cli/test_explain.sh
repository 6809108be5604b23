#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# End-to-end tests of the tools that explain a network: mlptrain --check
# (text and JSON, exit status, nothing written), a pre-flight error stopping
# training, --lr-scan, --trace (JSON and CSV, epoch, row, option errors),
# mlppredict --grid and --info, and the provenance in the weights file
# (digests checked against sha256sum, same seed = same bytes, a version 1
# file still read).
# Usage: test_explain.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" explain "$@"
PYTHON=/usr/bin/python3
cp "$ROOT"/tests/fixtures/preflight/* .
cp "$ROOT/data/moons.csv" "$ROOT/configs/moons.json" .
sed -i 's|"../data/moons.csv"|"moons.csv"|' moons.json

has() { grep -qxF -- "$2" "$1"; }
snapshot() { find . -type f -printf '%p ' -exec md5sum {} \; | sort; }

# --------------------------------------------------------------------------
# --check: findings on stdout, exit 0 with warnings only, 2 with an error,
# nothing written either way.

before=$(snapshot)
"$MLPTRAIN" --check -c clean_xor.json > c1.out 2> c1.err
[ $? = 0 ] && has c1.out 'check: no problems found' && [ ! -s c1.err ] && ok || bad "--check clean: $(cat c1.out c1.err)"
"$MLPTRAIN" --check -c target_range.json > c2.out 2> c2.err
[ $? = 2 ] && ok || bad "--check with an error must exit 2"
has c2.out 'mlptrain: regress_5.csv:8:8: error: target 5 in column "y" is outside [0, 1], the range of the sigmoid output layer; scale the targets into [0, 1], or use a "linear" output layer for unbounded values' \
    && has c2.out 'check: 1 error, 0 warnings' && ok || bad "--check target range: $(cat c2.out)"
"$MLPTRAIN" --check -c scales.json --format json > c3.out 2> c3.err
[ $? = 0 ] && ok || bad "--check --format json with a warning must exit 0"
rm -f c1.out c1.err c2.out c2.err c3.err
after=$(snapshot | grep -v '^\./c3\.out ')
[ "$before" = "$after" ] && ok || bad "--check wrote or changed files"
if "$PYTHON" - c3.out <<'EOF'; then ok; else bad "--check JSON: $(cat c3.out)"; fi
import json, sys
r = json.load(open(sys.argv[1]))
assert r["errors"] == 0 and r["warnings"] == 1, r
f = r["findings"][0]
assert f["code"] == "feature-scales" and f["severity"] == "warning", f
assert (f["path"], f["line"], f["col"]) == ("scales.json", 6, 11), f
assert abs(f["measured"] - 97905 / 90) < 1e-9 and f["threshold"] == 100, f
assert '"income" lies in [14235, 97905]' in f["message"] and "normalize" in f["hint"], f
EOF
"$MLPTRAIN" --check -c softmax_one_unit.json --format json > c4.out
[ $? = 2 ] && grep -q '"code": "softmax-one-unit", "severity": "error"' c4.out && ok || bad "--check json error: $(cat c4.out)"
# A spec that does not load is an ordinary error, on stderr.
"$MLPTRAIN" --check -c missing.json --format json > c5.out 2> c5.err
[ $? = 2 ] && [ ! -s c5.out ] && grep -q '^mlptrain: missing.json: cannot read' c5.err && ok || bad "--check missing spec: $(cat c5.err)"

# --------------------------------------------------------------------------
# A pre-flight error stops training before any epoch: exit 2, outputs untouched.

printf 'old weights' > w.bin
printf 'old log' > l.csv
"$MLPTRAIN" -c target_range.json -w w.bin -o l.csv > t.out 2> t.err
[ $? = 2 ] && [ ! -s t.out ] && [ "$(cat w.bin)" = "old weights" ] && [ "$(cat l.csv)" = "old log" ] && ok \
    || bad "pre-flight error: $(cat t.out t.err)"
[ "$(wc -l < t.err)" = 1 ] && grep -q ': error: target 5 in column "y"' t.err && ok || bad "pre-flight error line: $(cat t.err)"
# -q keeps the error and drops the warnings.
"$MLPTRAIN" -q -c softmax_one_unit.json -w w.bin -o l.csv 2> q.err
[ $? = 2 ] && grep -q 'error: a softmax output layer of 1 unit' q.err && ok || bad "-q must keep errors: $(cat q.err)"

# --------------------------------------------------------------------------
# Option combinations.

usage() { # usage NAME EXPECTED-STDERR ARGS...
    local name=$1 want=$2
    shift 2
    "$MLPTRAIN" "$@" > u.out 2> u.err
    local status=$?
    [ "$status" = 2 ] && [ "$(cat u.err)" = "$want" ] && [ ! -s u.out ] && ok \
        || bad "$name: status $status, stderr $(cat u.err)"
}
usage "format without check" "mlptrain: --format is for --check; try 'mlptrain --help'" --format json
usage "bad format" "mlptrain: --format needs text or json, not \"xml\"; try 'mlptrain --help'" --check --format xml
usage "two tools" "mlptrain: --gradcheck, --check and --lr-scan each run alone; give one; try 'mlptrain --help'" --check --lr-scan 1:2
usage "scan epochs alone" "mlptrain: --lr-scan-epochs is for --lr-scan; try 'mlptrain --help'" --lr-scan-epochs 5
usage "bad scan" 'mlptrain: --lr-scan needs LO:HI or LO:HI:N with 0 < LO < HI, not "2:1"; for example --lr-scan 1e-4:10 or --lr-scan 0.001:1:7' --lr-scan 2:1
usage "trace epoch alone" "mlptrain: --trace-epoch is for --trace; try 'mlptrain --help'" --trace-epoch 2
usage "trace and check" "mlptrain: --trace records a training run; it cannot go with --check; try 'mlptrain --help'" --check --trace t.json
usage "trace and restarts" "mlptrain: --trace records one run; it cannot go with --restarts; try 'mlptrain --help'" --trace t.json --restarts 3
usage "trace format" "mlptrain: --trace-format needs json or csv, not \"xml\"; try 'mlptrain --help'" --trace t.json --trace-format xml
usage "trace epoch too late" "mlptrain: --trace-epoch 6 is after the last epoch, 5; give an epoch from 1 to 5, or train longer with --epochs 6" -e 5 --trace t.json --trace-epoch 6 -w w.bin -o l.csv
usage "trace row too far" "mlptrain: --trace-row 5 is out of range: training has 4 rows; give a row from 1 to 4 (rows count from 1, the header not included)" --trace t.json --trace-row 5 -w w.bin -o l.csv
[ ! -e t.json ] && [ "$(cat w.bin)" = "old weights" ] && ok || bad "a usage error wrote a file"

# --------------------------------------------------------------------------
# --lr-scan: one line per rate, the verdicts, nothing written.

"$MLPTRAIN" --lr-scan 1e-3:1e3:7 -c moons.json > s.out 2> s.err
[ $? = 0 ] && [ ! -e moons.weights.bin ] && [ ! -e moons.loss.csv ] && [ ! -s s.err ] && ok || bad "--lr-scan: $(cat s.err)"
has s.out 'learning-rate scan: 7 rates from 0.001 to 1000, 20 epochs each, from the same initial weights' \
    && ok || bad "--lr-scan title: $(cat s.out)"
[ "$(grep -cE '^ +[0-9.e+-]+ +0\.649615 +[0-9.e+-]+ +(stable|unstable|diverged at epoch [0-9]+)$' s.out)" = 7 ] \
    && ok || bad "--lr-scan rows: $(cat s.out)"
grep -qE '^ +0\.001 .* stable$' s.out && grep -qE '^ +1000 .* (unstable|diverged at epoch [0-9]+)$' s.out \
    && ok || bad "--lr-scan verdicts: $(cat s.out)"
largest=$(sed -n 's/^largest stable rate: //p' s.out)
rec=$(sed -n 's/^recommended learning_rate: \([0-9.e+-]*\) (a tenth of the largest stable rate, below the edge of stability)$/\1/p' s.out)
[ -n "$largest" ] && [ -n "$rec" ] && ok || bad "--lr-scan verdict lines: $(cat s.out)"
# The largest stable rate is the largest rate marked stable; the
# recommendation a tenth of it (docs/diagnostics.md).
"$PYTHON" - s.out "$largest" "$rec" <<'EOF' && ok || bad "--lr-scan recommendation $rec: $(cat s.out)"
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.startswith(" ")]
stable = [float(r[0]) for r in rows if r[3] == "stable"]
assert stable and max(stable) == float(sys.argv[2]), stable
assert abs(float(sys.argv[3]) - max(stable) / 10) <= 1e-5 * float(sys.argv[3]), sys.argv[3]
EOF
"$MLPTRAIN" --lr-scan 0.1:1 --lr-scan-epochs 3 -c moons.json > s2.out
grep -q 'learning-rate scan: 4 rates from 0.1 to 1, 3 epochs each' s2.out && ok || bad "--lr-scan default N: $(head -1 s2.out)"

# --------------------------------------------------------------------------
# --trace: the JSON of a later epoch and of one row; the CSV folder; the
# weights of epoch 2 are those of epoch 1 after the gd step.

"$MLPTRAIN" -q -c clean_xor.json -e 3 --trace t1.json -w w1.bin -o l1.csv && ok || bad "--trace epoch 1"
"$MLPTRAIN" -q -c clean_xor.json -e 3 --trace t2.json --trace-epoch 2 -w w2.bin -o l2.csv && ok || bad "--trace epoch 2"
"$MLPTRAIN" -q -c clean_xor.json -e 3 --trace t3.json --trace-row 3 -w w3.bin -o l3.csv && ok || bad "--trace row"
"$MLPTRAIN" -q -c clean_xor.json -e 3 --trace tdir --trace-format csv -w w4.bin -o l4.csv && ok || bad "--trace csv"
cmp -s w1.bin w2.bin && cmp -s w1.bin w4.bin && cmp -s l1.csv l2.csv && ok || bad "--trace changed the run"
"$PYTHON" - <<'EOF' && ok || bad "--trace contents"
import csv, json
t1, t2, t3 = (json.load(open(f"t{k}.json")) for k in (1, 2, 3))
s1 = {s["key"]: s for s in t1["steps"]}
s2 = {s["key"]: s for s in t2["steps"]}
s3 = {s["key"]: s for s in t3["steps"]}
assert t1["epoch"] == 1 and t2["epoch"] == 2 and t3["row"] == 3, (t1["epoch"], t2["epoch"], t3["row"])
assert [s["key"] for s in t1["steps"]] == ["X", "T", "W1", "b1", "W2", "b2", "Z1", "A1", "Z2", "A2",
    "loss", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"], [s["key"] for s in t1["steps"]]
# Epoch 1 runs on the initial weights, which the trace exports.
init = t1["initial_weights"]
assert s1["W1"]["data"] == init[0]["W"] and s1["b2"]["data"] == init[1]["b"]
assert t2["initial_weights"] == init
# Epoch 2's weights: one gd step, W - 0.5 dW, from epoch 1 (clean_xor.json: learning_rate 0.5).
for key in ("W1", "b1", "W2", "b2"):
    w, d, w2 = s1[key]["data"], s1["d" + key]["data"], s2[key]["data"]
    flat = lambda a: [x for r in a for x in (r if isinstance(r, list) else [r])]
    for a, g, b in zip(flat(w), flat(d), flat(w2)):
        assert abs((a - 0.5 * g) - b) <= 1e-15 * max(1, abs(b)), (key, a, g, b)
# The loss of epoch 2 is row 2 of the loss log.
log = list(csv.reader(open("l1.csv")))
assert float(log[2][1]) == t2["loss"], (log[2], t2["loss"])
# Row 3 alone: N = 1, its inputs, its own gradient.
assert t3["symbols"]["N"] == 1 and s3["X"]["data"] == [s1["X"]["data"][2]]
# The CSV folder holds the same numbers.
index = list(csv.DictReader(open("tdir/index.csv")))
assert [r["key"] for r in index] == [s["key"] for s in t1["steps"]]
for r in index:
    rows = [[float(x) for x in line] for line in csv.reader(open("tdir/" + r["file"]))]
    want = s1[r["key"]]["data"]
    want = [[want]] if r["key"] == "loss" else [want] if r["name"] in ("b", "db") else want
    assert rows == want, (r["key"], rows, want)
    assert r["formula"] == s1[r["key"]]["formula"]
assert [[float(x) for x in l] for l in csv.reader(open("tdir/initial_W2.csv"))] == init[1]["W"]
EOF

# --------------------------------------------------------------------------
# mlppredict --grid: NX * NY points, x fastest, and the same predictions
# mlppredict makes for those points given as a CSV.

"$MLPTRAIN" -q -c moons.json -e 300 -w m.bin -o m.csv
"$MLPPREDICT" m.bin --grid -2:3:6,-1:2:4 -o grid.csv && ok || bad "--grid"
[ "$(wc -l < grid.csv)" = 25 ] && has grid.csv 'x1,x2,label,p_0,p_1' && ok || bad "--grid shape: $(head -3 grid.csv)"
cut -d, -f1,2 grid.csv > points.csv
"$MLPPREDICT" m.bin points.csv > pred.csv
[ "$(cut -d, -f3- grid.csv)" = "$(cat pred.csv)" ] && ok || bad "--grid differs from predicting the same points"
[ "$(sed -n '2p;7p;8p' grid.csv | cut -d, -f1,2 | tr '\n' ' ')" = "-2,-1 3,-1 -2,0 " ] && ok || bad "--grid order: $(head -9 grid.csv)"
"$MLPPREDICT" m.bin --grid 0:1:2,0:1:2 m.csv > /dev/null 2> g.err
[ $? = 2 ] && ok || bad "--grid with an input CSV must be a usage error"
"$MLPTRAIN" -q -c constant.json -w k.bin -o k.csv
"$MLPPREDICT" k.bin --grid 0:1:2,0:1:2 > /dev/null 2> g.err
[ $? = 2 ] && [ "$(cat g.err)" = "mlppredict: k.bin: --grid needs a model with 1 or 2 inputs; this one has 3; give the rows to predict as a CSV file instead" ] \
    && ok || bad "--grid of a 3-input model: $(cat g.err)"
# A 1-input model takes one axis: NX points, the feature's column, then the
# same predictions as for those points given as a CSV; two axes are refused
# (and one axis for a 2-input model), each with the form the model needs.
awk 'BEGIN { print "t,s"; for (i = 0; i <= 40; i++) printf "%g,%g\n", i / 10 - 2, sin(i / 10 - 2) }' > wave.csv
printf '{"layers": [1, 8, 1], "activations": ["tanh", "linear"], "loss": "mse", "epochs": 200, "data": {"train": "wave.csv", "targets": ["s"]}}' > wave.json
"$MLPTRAIN" -q -c wave.json -w wave.bin -o wave.loss.csv && ok || bad "training wave.json"
"$MLPPREDICT" wave.bin --grid -3:3:7 -o line.csv && ok || bad "--grid with one axis"
[ "$(wc -l < line.csv)" = 8 ] && [ "$(head -1 line.csv)" = t,s ] \
    && [ "$(sed -n '2p;8p' line.csv | cut -d, -f1 | tr '\n' ' ')" = "-3 3 " ] && ok || bad "1-D --grid shape: $(cat line.csv)"
cut -d, -f1 line.csv > tpoints.csv
"$MLPPREDICT" wave.bin tpoints.csv > tpred.csv
[ "$(cut -d, -f2- line.csv)" = "$(cat tpred.csv)" ] && ok || bad "1-D --grid differs from predicting the same points"
"$MLPPREDICT" wave.bin --grid 0:1:2,0:1:2 > /dev/null 2> g.err
[ $? = 2 ] && [ "$(cat g.err)" = "mlppredict: wave.bin: --grid has 2 axes but the model has 1 input; give one axis, for example --grid -3:3:201" ] \
    && ok || bad "--grid of two axes for a 1-input model: $(cat g.err)"
"$MLPPREDICT" m.bin --grid 0:1:2 > /dev/null 2> g.err
[ $? = 2 ] && [ "$(cat g.err)" = "mlppredict: m.bin: --grid has 1 axis but the model has 2 inputs; give two axes, for example --grid -2:3:101,-1.5:2:81" ] \
    && ok || bad "--grid of one axis for a 2-input model: $(cat g.err)"

# --------------------------------------------------------------------------
# Provenance: what --info prints equals what was trained on; the same run
# writes the same bytes; a version 1 file still reads.

"$MLPTRAIN" -q -c moons.json -e 300 -s 7 --threads 2 -w p1.bin -o p1.csv
"$MLPTRAIN" -q -c moons.json -e 300 -s 7 --threads 2 -w p2.bin -o p2.csv
cmp -s p1.bin p2.bin && ok || bad "the same run wrote different weights files"
"$MLPPREDICT" --info p1.bin > info.out && ok || bad "--info"
spec_sha=$(sha256sum moons.json | cut -d' ' -f1)
data_sha=$(sha256sum moons.csv | cut -d' ' -f1)
has info.out "format version  5" && has info.out "  spec sha256   $spec_sha" && has info.out "  data sha256   $data_sha" \
    && has info.out "  seed          7" && has info.out "  threads       2" && has info.out "  ranks         1" \
    && has info.out "  epochs run    300" \
    && ok || bad "--info provenance: $(cat info.out)"
# The BLAS core that ran (as --version names it) and the vector ISA.
core=$("$MLPTRAIN" --threads 2 --version | sed -n 's/^BLAS: .*, core \([^ ]*\) .*/\1/p')
[ -n "$core" ] && has info.out "  blas core     $core" && ok || bad "--info blas core (--version: $core): $(cat info.out)"
grep -Eqx "  vector isa    (avx512f|avx2|sse2|libm)" info.out && ok || bad "--info vector isa: $(cat info.out)"
if [ "$(uname -m)" = x86_64 ]; then
    MLP_VMATH=sse2 "$MLPTRAIN" -q -c moons.json -e 3 -s 7 --threads 2 -w sse2.bin -o sse2.csv &&
        "$MLPPREDICT" --info sse2.bin | grep -qx "  vector isa    sse2" && ok ||
        bad "MLP_VMATH=sse2 is not the recorded vector isa"
fi
has info.out "architecture    2 inputs -> 16 tanh -> 16 tanh -> 2 softmax" && has info.out 'labels          2: "0", "1"' \
    && has info.out 'features        2, matched by name: "x1", "x2"' && ok || bad "--info model: $(cat info.out)"
final=$(sed -n 's/^  final loss    \([^ ]*\) (the training loss of the weights saved)$/\1/p' info.out)
# The line of the best loss says which loss it is: the validation loss,
# else the training loss (the file does not record which the run had).
best_text='of the weights before its update; the validation loss, or the training loss where the run had no validation set or was refitted'
best=$(sed -n "s/^  best loss     \([^ ]*\) (epoch \([0-9]*\), $best_text)\$/\1 \2/p" info.out)
# Without a validation set the best loss is the training loss of a row of
# the loss log (the epoch it names), the lowest.
"$PYTHON" - p1.csv $best "$final" <<'EOF' && ok || bad "--info losses: $best / $final"
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
best, epoch, final = float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
assert float(rows[epoch - 1][1]) == best and min(float(r[1]) for r in rows) == best
assert 0 < final < float(rows[0][1])
EOF
# With a validation set it is that row's val_loss, the lowest, not its loss;
# the final loss is still a training loss, of the weights saved.
sed 's|"data": {|"early_stopping": {"patience": 20}, "data": {"validation_split": 0.25, |' moons.json > val.json
grep -q validation_split val.json && "$MLPTRAIN" -q -c val.json -e 300 -s 7 -w v.bin -o v.csv \
    && "$MLPPREDICT" --info v.bin > vinfo.out && ok || bad "a run with a validation set: $(cat val.json)"
vfinal=$(sed -n 's/^  final loss    \([^ ]*\) (the training loss of the weights saved)$/\1/p' vinfo.out)
vbest=$(sed -n "s/^  best loss     \([^ ]*\) (epoch \([0-9]*\), $best_text)\$/\1 \2/p" vinfo.out)
"$PYTHON" - v.csv $vbest "$vfinal" <<'EOF' && ok || bad "--info losses with a validation set: $vbest / $vfinal: $(cat vinfo.out)"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
best, epoch, final = float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
assert float(rows[epoch - 1]["val_loss"]) == best != float(rows[epoch - 1]["loss"])
assert min(float(r["val_loss"]) for r in rows) == best
# loss-log.md: early stopping writes the weights of row best_epoch, whose
# training loss (full batch: of those weights) is the final loss.
assert final == float(rows[epoch - 1]["loss"])
EOF
if "$PYTHON" "$ROOT/scripts/read_weights.py" p1.bin > p1.json; then
    "$PYTHON" -c '
import json, sys
p = json.load(open("p1.json"))["provenance"]
assert p["spec_sha256"] == sys.argv[1] and p["data_sha256"] == sys.argv[2], p
assert p["training"]["seed"] == 7 and p["training"]["threads"] == 2 and p["training"]["epochs_run"] == 300, p
assert p["blas_core"] == sys.argv[3] and p["vector_isa"] == sys.argv[4], p
' "$spec_sha" "$data_sha" "$core" "$(sed -n 's/^  vector isa    //p' info.out)" && ok || bad "read_weights.py provenance"
else
    bad "read_weights.py rejected the file"
fi
# The built-in XOR records the digests of its built-in texts.
# Without --threads the run records the count it used: here the environment's.
OPENBLAS_NUM_THREADS=1 "$MLPTRAIN" -q -w x.bin -o x.csv && "$MLPPREDICT" --info x.bin > xinfo.out
"$PYTHON" - xinfo.out <<'EOF' && ok || bad "built-in provenance: $(cat xinfo.out)"
import hashlib, sys
text = open(sys.argv[1]).read()
csv_text = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"
assert "  data sha256   " + hashlib.sha256(csv_text.encode()).hexdigest() + "\n" in text, text
assert "  seed          42\n" in text and "  threads       1\n" in text, text
EOF
# Version 1: the worked example of docs/weights-format.md.
"$PYTHON" -c '
import sys
open("v1.bin", "wb").write(bytes.fromhex(
    "4d4c50570d0a1a0a010000008c00000000000000010000000200000001000000"
    "0002010100020000000200000078310200000078320100000001000000790100"
    "00000200000001000000300100000031000000000000e03f000000000000e03f"
    "000000000000e03f000000000000e03f000000000000e03f00000000000000c0"
    "000000000000d03fc9566ebe"))'
"$MLPPREDICT" --info v1.bin > v1.out && has v1.out "format version  1" && has v1.out "provenance      none (a version 1 file)" \
    && ok || bad "version 1 --info: $(cat v1.out)"
printf 'x1,x2\n1,1\n' > one.csv
"$MLPPREDICT" v1.bin one.csv > v1pred.csv && has v1pred.csv "label,p_0,p_1" && ok || bad "version 1 predict"

finish
