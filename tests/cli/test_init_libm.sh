#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_init_libm.sh: the He initial weights of a seed are the same bits
# whichever code glibc's math functions take. glibc picks its log and cos by
# the CPU (FMA and AVX2 variants, or the SSE2 ones);
# GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX makes it take the
# SSE2 ones, as on a machine without FMA. With glibc's log and cos, 6 of the
# 8,192 He weights of this 2-4096-2 relu network moved in their last bit;
# SLEEF's deterministic functions (src/rng.c) give the same bits either
# way, as man/mlptrain.1 promises for --seed. The weights are compared as
# --trace writes them (17 significant digits: the exact doubles). Skipped
# where the tunable changes nothing (a CPU without FMA, a glibc without
# --list-diagnostics): both runs would take the same path.
. "$(dirname "$0")/lib.sh" init_libm "$@"

masked=glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4,-AVX
ld=/lib64/ld-linux-x86-64.so.2
# The features glibc counts as usable, with and without the tunable.
features() { "$ld" --list-diagnostics 2>/dev/null | grep '^x86\.cpu_features\..*active'; }
plain=$(features)
under=$(GLIBC_TUNABLES=$masked features)
if [ ! -x "$ld" ] || [ -z "$plain" ] || [ "$plain" = "$under" ]; then
    echo "skipped: GLIBC_TUNABLES=$masked changes nothing glibc uses here"
    ok
    finish
fi

cat > relu.json << EOF
{"layers": [2, 4096, 2], "activations": ["relu", "softmax"], "loss": "cross_entropy",
 "epochs": 1, "seed": 42, "data": {"train": "$ROOT/data/moons.csv", "targets": ["label"]}}
EOF
"$MLPTRAIN" -q -c relu.json -t 1 -w plain.bin -o plain.csv --trace plain --trace-format csv \
    --trace-row 1 2> plain.err \
    && ok || bad "the run without the tunable failed: $(cat plain.err)"
GLIBC_TUNABLES=$masked "$MLPTRAIN" -q -c relu.json -t 1 -w masked.bin -o masked.csv \
    --trace masked --trace-format csv --trace-row 1 2> masked.err \
    && ok || bad "the run with GLIBC_TUNABLES=$masked failed: $(cat masked.err)"
# The hidden layer's 8,192 weights are He's (relu); the output layer's are
# uniform (softmax), compared all the same.
[ "$(wc -l < plain/initial_W1.csv)" = 4096 ] && ok \
    || bad "initial_W1.csv has $(wc -l < plain/initial_W1.csv) rows, want 4096"
for f in initial_W1.csv initial_W2.csv; do
    if cmp -s "plain/$f" "masked/$f"; then
        ok
    else
        bad "$f differs with GLIBC_TUNABLES=$masked in $(diff "plain/$f" "masked/$f" | grep -c '^<') rows"
    fi
done

finish
