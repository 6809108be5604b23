#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A standard output that cannot be written (docs/exit-codes.md): full
# (/dev/full) or closed (>&-). Whatever the program writes there -- --help,
# --version, --gradcheck's report, --check's findings (text or JSON),
# --lr-scan's table, mlppredict's --info -- the run exits 2 with one line
# in the form of every failed write: it names <stdout>, the reason and what
# to do. Each was ignored (exit 0) or told without a reason ("writing the
# findings failed").
. "$(dirname "$0")/lib.sh" stdout_failures "$@"
export OPENBLAS_NUM_THREADS=1
cp "$ROOT/data/xor.csv" "$ROOT/data/moons.csv" .
sed 's|"\.\./data/moons\.csv"|"moons.csv"|' "$ROOT/configs/moons.json" > moons.json
"$MLPTRAIN" -q -c "$ROOT/configs/xor.json" -e 50 -w xor.bin -o /dev/null || bad "training xor.bin failed"
full="<stdout>: cannot write: No space left on device; free some disk space and try again"
closed="<stdout>: cannot write: Bad file descriptor; the standard output is closed; give it a file, a pipe or /dev/null (> out.txt)"

# expect NAME PROG COMMAND...: the command, on a full and on a closed
# standard output: exit 2 and exactly the one line.
expect() {
    local name=$1 prog=$2 rc
    shift 2
    rc=0
    "$@" >/dev/full 2>err.txt || rc=$?
    error_is "$name on /dev/full" 2 "$prog: $full" "$rc" "$(cat err.txt)" && ok
    rc=0
    "$@" >&- 2>err.txt || rc=$?
    error_is "$name on a closed stdout" 2 "$prog: $closed" "$rc" "$(cat err.txt)" && ok
}

expect "mlptrain --help" mlptrain "$MLPTRAIN" --help
expect "mlptrain --version" mlptrain "$MLPTRAIN" --version
expect "mlppredict --help" mlppredict "$MLPPREDICT" --help
expect "mlppredict --version" mlppredict "$MLPPREDICT" --version
expect "mlptrain --gradcheck" mlptrain "$MLPTRAIN" --gradcheck
expect "mlptrain --gradcheck -c" mlptrain "$MLPTRAIN" --gradcheck -c "$ROOT/configs/xor.json"
expect "mlptrain --check" mlptrain "$MLPTRAIN" --check -c moons.json
expect "mlptrain --check --format json" mlptrain "$MLPTRAIN" --check --format json -c moons.json
expect "mlptrain --lr-scan" mlptrain "$MLPTRAIN" --lr-scan 1e-2:1 --lr-scan-epochs 5 -c moons.json
expect "mlppredict --info" mlppredict "$MLPPREDICT" --info xor.bin
# The predictions were told so already; still told once, alike.
expect "mlppredict predictions" mlppredict "$MLPPREDICT" xor.bin xor.csv

# --check that finds an error exits 2 for it; its findings, lost, are told.
printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,5\n' > bad.csv
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"mse","data":{"train":"bad.csv"}}\n' > bad.json
rc=0
"$MLPTRAIN" --check -c bad.json > bad.out 2>&1 || rc=$?
[ "$rc" = 2 ] && grep -q "^check: 1 error" bad.out && ok || bad "--check of bad.json: exit $rc, $(cat bad.out)"
rc=0
"$MLPTRAIN" --check -c bad.json >/dev/full 2>err.txt || rc=$?
error_is "--check with an error, on /dev/full" 2 "mlptrain: $full" "$rc" "$(cat err.txt)" && ok

# A failed gradient check keeps its status (1); the lost report is told too.
rc=0
"$MLPTRAIN" --gradcheck -c "$ROOT/configs/xor.json" --tolerance 1e-300 >/dev/full 2>err.txt || rc=$?
[ "$rc" = 1 ] && [ "$(tail -1 err.txt)" = "mlptrain: $full" ] && [ "$(wc -l <err.txt)" = 2 ] \
    && ok || bad "failed --gradcheck on /dev/full: exit $rc, $(cat err.txt)"

# A standard output closed from the start is no error when nothing is
# written to it: training writes only files and stderr.
rc=0
"$MLPTRAIN" -q -c "$ROOT/configs/xor.json" -e 20 -w w.bin -o l.csv >&- 2>err.txt || rc=$?
[ "$rc" = 0 ] && [ ! -s err.txt ] && [ -s w.bin ] && ok || bad "training with stdout closed: exit $rc, $(cat err.txt)"
# Nor is a standard output that takes everything.
for cmd in "$MLPTRAIN --help" "$MLPTRAIN --gradcheck" "$MLPPREDICT --info xor.bin" \
           "$MLPTRAIN --check --format json -c moons.json"; do
    rc=0
    $cmd >out.txt 2>err.txt || rc=$?
    [ "$rc" = 0 ] && [ -s out.txt ] && ok || bad "$cmd: exit $rc, $(cat err.txt)"
done

# mlpplot ends through the same check (its main returned without one:
# --help on /dev/full exited 0 and said nothing).
MLPPLOT=$(dirname "$MLPPREDICT")/mlpplot
if [ -x "$MLPPLOT" ]; then
    expect "mlpplot --help" mlpplot "$MLPPLOT" --help
    expect "mlpplot --version" mlpplot "$MLPPLOT" --version
    rc=0
    "$MLPPLOT" --help >out.txt 2>err.txt || rc=$?
    [ "$rc" = 0 ] && [ -s out.txt ] && [ ! -s err.txt ] && ok || bad "mlpplot --help: exit $rc, $(cat err.txt)"
    # Its "stopped by ... after FILE was written" escapes the name (a
    # SIGTERM raised as the picture is renamed into place, by the shim of
    # test_signals.sh; fontconfig's own leaks suppressed under ASan, as in
    # test_plot_outputs.sh).
    "$MLPTRAIN" -q -c "$ROOT/configs/xor.json" -e 20 -w p.bin -o p.csv || bad "training p.bin failed"
    rc=0
    LD_PRELOAD="$(dirname "$MLPTRAIN")/libmlp_signal_in_mkstemp.so" MLP_TEST_RENAME_SIGNAL=15 \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        LSAN_OPTIONS="suppressions=$ROOT/tests/plot/lsan.supp:print_suppressions=0" \
        "$MLPPLOT" loss p.csv -o $'p\x1b[31m.png' 2>err.txt || rc=$?
    error_is "mlpplot stopped after the rename" 143 \
        'mlpplot: stopped by SIGTERM after p\x1b[31m.png was written' "$rc" "$(cat err.txt)" && ok
fi

# A trace that cannot be written is told as every failed write is: the
# file, the reason, what to do (it was "/dev/full: writing the trace
# failed"); "-" is <stdout>.
rc=0
"$MLPTRAIN" -q -c "$ROOT/configs/xor.json" -e 2 --trace /dev/full -w t.bin -o t.csv 2>err.txt || rc=$?
error_is "--trace /dev/full" 2 \
    "mlptrain: /dev/full: cannot write: No space left on device; free some disk space and try again" \
    "$rc" "$(cat err.txt)" && ok
rc=0
"$MLPTRAIN" -q -c "$ROOT/configs/xor.json" -e 2 --trace - -w t.bin -o t.csv >/dev/full 2>err.txt || rc=$?
error_is "--trace - on /dev/full" 2 "mlptrain: $full" "$rc" "$(cat err.txt)" && ok

# The names of the outputs in "wrote ... and ..." are escaped, as every path
# in a message is (commit cbf0dd5): an ESC or CR in a name reached the
# terminal raw, recolouring it or overwriting the line.
rc=0
"$MLPTRAIN" --progress none -c "$ROOT/configs/xor.json" -e 5 -w $'ev\x1b[31mil.bin' -o $'a\rb.csv' \
    2>err.txt || rc=$?
[ "$rc" = 0 ] && [ "$(tail -n 1 err.txt)" = 'wrote ev\x1b[31mil.bin and a\x0db.csv' ] \
    && [ -s $'ev\x1b[31mil.bin' ] && ok || bad "escaped output names: exit $rc, $(tail -n 1 err.txt | od -c | head -3)"
finish
