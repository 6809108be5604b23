#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_scaling_model.sh: docs/scaling.md cannot go stale. Its tables are
# bench/mpi_model.py's output on the committed bench/mpi_inputs.json, byte for
# byte; a page that differs by one digit is caught; and the model's figures
# are checked against the formula worked by hand on round inputs (and its
# crossover against a brute-force search).
. "$(dirname "$0")/lib.sh" scaling_model "$@"
PY=/usr/bin/python3
MODEL="$ROOT/bench/mpi_model.py"
DOC="$ROOT/docs/scaling.md"

# The generated blocks of a page: every line from a "begin" marker to its "end" marker.
blocks_of() {
    awk '/^<!-- mpi_model.py begin /{on=1} on{print} /^<!-- mpi_model.py end /{on=0}' "$1"
}

# 1. The page holds exactly the script's output.
"$PY" "$MODEL" >model.md || bad "bench/mpi_model.py failed"
blocks_of "$DOC" >doc.md
if cmp -s model.md doc.md; then ok; else
    bad "docs/scaling.md's tables differ from bench/mpi_model.py's output (run bench/mpi_model.py --write-doc):"
    diff doc.md model.md | head -20
fi

# 2. Not vacuously: three blocks, each with a header, a rule and at least two rows.
for name in measured cluster check; do
    rows=$(awk -v b="<!-- mpi_model.py begin $name -->" -v e="<!-- mpi_model.py end $name -->" \
        '$0==b{on=1;next} $0==e{on=0} on && /^\|/' doc.md | wc -l)
    if [ "$rows" -ge 4 ]; then ok; else bad "block $name has $rows table lines, expected at least 4"; fi
done
# The cluster table covers W4, W5 and 10^8 rows on both links, at 8, 64 and 512 machines.
n=$(grep -c '^| \(W4\|W5\|10^8 rows\) | .* Gb/s Ethernet |' doc.md)
if [ "$n" = 8 ]; then ok; else bad "the cluster table has $n rows, expected 8 (W4, W5, 2 x 10^8 rows; 2 links)"; fi

# 3. The comparison catches a changed figure: one digit of the page altered.
# (the last digit of the first percentage of the cluster table, changed)
"$PY" -c '
import sys
s = open(sys.argv[1]).read()
j = s.index("%", s.index("mpi_model.py begin cluster"))
s = s[:j - 1] + ("1" if s[j - 1] == "0" else "0") + s[j:]
open("tampered.md", "w").write(s)' "$DOC"
blocks_of tampered.md >tampered_blocks.md
if ! cmp -s model.md tampered_blocks.md; then ok; else bad "a tampered page still compared equal"; fi

# 4. The formula on round inputs: 1,000 rows at 1 ms a row (c = 1e-3 s), 1,246
# parameters (8 x (1,246 + 4) = 10,000 bytes). On 10 Gb/s Ethernet (1.25e9 B/s,
# alpha 20 us) at P = 8: compute 125 rows x 1 ms = 0.125 s; allreduce
# 2 x 7 x 20e-6 + 2 x 7 / 8 x 10,000 / 1.25e9 = 280e-6 + 14e-6 = 294e-6 s;
# E(8) = 1 / (8 x 0.125294) = 0.99765350...
cat >round.json <<'EOF'
{"format": 1, "when": "test", "machine": "test", "cores": 2, "load": "0",
 "workloads": [{"id": "W4", "rows": 1000, "params": 1246, "epochs": 1,
                "runs": [{"ranks": 1, "ms_per_epoch": 1000.0}]}],
 "allreduce": []}
EOF
"$PY" "$MODEL" --inputs round.json --json >round_fig.json || bad "bench/mpi_model.py --json failed"
if "$PY" - round_fig.json <<'EOF'
import json, math, sys
fig = json.load(open(sys.argv[1]))
row = [r for r in fig["cluster"] if r["rows"] == 1000 and r["link"].startswith("10 ")][0]
want = 1 / (8 * (0.125 + 294e-6))
# Relative 1e-12: a handful of double operations, each within 2^-53.
assert math.isclose(row["efficiency"]["8"], want, rel_tol=1e-12), (row["efficiency"]["8"], want)
assert math.isclose(row["allreduce_8_s"], 294e-6, rel_tol=1e-12), row["allreduce_8_s"]
assert row["bytes"] == 10000 and math.isclose(row["compute_1_s"], 1.0, rel_tol=1e-12), row
# The crossover: the first P at which the allreduce takes as long as one
# slice's compute, by brute force over every P.
def A(P): return 2 * (P - 1) * 20e-6 + 2 * (P - 1) / P * 10000 / 1.25e9
first = next(P for P in range(2, 1001) if A(P) >= 1e-3 * math.ceil(1000 / P))
assert row["crossover"] == first, (row["crossover"], first)
assert 2 < first < 1000, first   # a crossover inside the range, so the check means something
EOF
then ok; else bad "the model's figures on round inputs"; fi

finish
