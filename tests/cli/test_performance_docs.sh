#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The performance figures the README and docs/performance.md state are the
# measured ones, and agree with each other:
#  1. every ratio and rate of the README's benchmark table and CSV line is
#     a figure of performance.md's last full run (it quoted round one's:
#     PyTorch 10.6x on W3, taken back as 2.93x; FANN 0.92x, since 1.94x);
#  2. the full run's "about N minutes" is one figure everywhere (12 and 15
#     were said), the suite's measured seconds rounded;
#  3. the weights file's provenance records the BLAS core, as
#     `mlppredict --info` shows (performance.md said it did not yet);
#  4. 8-lane AVX-512 kernels are not offered as W5's remedy: measured on an
#     AVX-512 machine, they leave W5 near half the peak;
#  5. where a user picks --threads (mlptrain --help, its manual page,
#     docs/threads.md), the known limit is said: small mini-batches can train
#     slower with more threads (performance.md alone said it).
# Usage: test_performance_docs.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" performance-docs "$@"
README=$ROOT/README.md
PERF=$ROOT/docs/performance.md

# 1. The README's figures, among the full run's output.
/usr/bin/python3 - "$README" "$PERF" << 'PY' && ok || bad "the README's benchmark figures are not the last full run's"
import re, sys
readme, perf = (open(p).read() for p in sys.argv[1:])
bench = readme[readme.index("## Benchmarks"):]
bench = bench[:bench.index("\n## ", 1)]
run = perf[perf.index("## Full run, round two"):]
run = run[:run.index("\n## ", 1)]
rows = [l for l in bench.splitlines() if l.startswith("| W")]
assert len(rows) == 5, rows
said = [x for l in rows for x in re.findall(r"\b(\d+(?:\.\d+)?)x\b", l)]
said += [x for l in rows for x in re.findall(r"\b(\d+)% of the", l)]
said += re.findall(r"(\d+) MB/s", bench)
assert len(said) == 21, said  # 15 ratios, 2 shares of the peak, 4 CSV rates
missing = [x for x in said if not re.search(r"(?<![\d.])" + re.escape(x) + r"(?![\d.])", run)]
assert not missing, f"not in the full run: {missing}"
PY

# 2. One figure for the full run's minutes: the suite's seconds, rounded.
secs=$(tr -s '\n ' '  ' < "$PERF" | grep -oE 'the suite itself ran [0-9]+ s' | grep -oE '[0-9]+' | head -1)
mins=$(cat "$README" "$PERF" | grep -oE '(bench\.sh .*|full run .*|everything: )about [0-9]+ minutes' | grep -oE '[0-9]+ minutes' | sort -u)
want="$(((secs + 30) / 60)) minutes"
[ -n "$secs" ] && [ "$mins" = "$want" ] && ok || bad "the full run takes '$mins' in the docs, measured $secs s ($want)"
tr -s '\n ' '  ' < "$PERF" | grep -q 'about [0-9]* minutes now that' && ok || bad "performance.md's round-two minutes not found"

# 3. The core in the provenance.
printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' > xor.csv
printf '{"layers":[2,3,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","epochs":2,"data":{"train":"xor.csv"}}\n' > x.json
"$MLPTRAIN" -q -c x.json -w x.bin -o x.loss.csv || bad "training failed"
"$MLPPREDICT" --info x.bin | grep -qE '^  blas core +[A-Za-z]' && ok || bad "mlppredict --info shows no blas core"
tr -s '\n ' '  ' < "$PERF" | grep -qF 'provenance does not record the core' \
    && bad "performance.md says the provenance does not record the core" || ok

# 4. Not AVX-512 for W5.
grep -qF '8-lane AVX-512 kernels where the CPU has them' "$PERF" \
    && bad "performance.md offers AVX-512 kernels as W5's remedy" || ok
tr -s '\n ' '  ' < "$PERF" | grep -qF 'W5 on AVX-512: wider tanh lanes do not close it' && ok \
    || bad "performance.md has no AVX-512 measurement of W5"

# 5. The small-batch limit where --threads is chosen.
"$MLPTRAIN" --help | sed -n '/--threads N/,/^  -q/p' | tr -s '\n ' '  ' \
    | grep -qF 'small mini-batches (-b 32) can train slower with more threads' && ok \
    || bad "mlptrain --help's --threads does not say small mini-batches can be slower"
tr -s '\n ' '  ' < "$ROOT/man/mlptrain.1" | grep -qF 'can train slower with more threads than with one' && ok \
    || bad "mlptrain(1)'s --threads does not say small mini-batches can be slower"
tr -s '\n ' '  ' < "$ROOT/docs/threads.md" | grep -qF 'More threads are not always faster.' && ok \
    || bad "docs/threads.md does not say small mini-batches can be slower with more threads"
finish
