#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The summary line's time per epoch is a plain number at any speed: "%.3g"
# wrote an epoch of 3.952 s as "3.95e+03 ms/epoch" (and one under 0.1 us
# would have read "2e-07"). The clock is made to run fast or slow
# (tests/cli/clock_scale.c, preloaded) so that the tiny run of the built-in
# XOR data reads as seconds, or nanoseconds, an epoch.
# Usage: test_epoch_time.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" epoch_time "$@"

SHIM="$(dirname "$MLPTRAIN")/libmlp_clock_scale.so"
# A sanitizer runtime need not come first for this: the shim uses none.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
[ -f "$SHIM" ] || bad "no $SHIM"

# summary SCALE EPOCHS: the run's "trained ..." line, its clock SCALE times as fast.
summary() {
    env LD_PRELOAD="$SHIM" MLP_TEST_CLOCK_SCALE="$1" "$MLPTRAIN" -e "$2" -w x.bin -o x.csv \
        2> run.err > /dev/null || bad "scale $1: the run failed: $(cat run.err)"
    grep '^trained ' run.err
}

# The figures of a summary line: seconds, then ms/epoch, as written.
seconds_of() { sed -n 's/^trained .* in \([^ ]*\) s (.*/\1/p' <<< "$1"; }
ms_of() { sed -n 's/^trained .* s (\([^ ]*\) ms\/epoch).*/\1/p' <<< "$1"; }
plain='^[0-9]+(\.[0-9]+)?$'

# 1. Seconds an epoch: whole milliseconds, over 1000 (the case that was
# written 3.95e+03), and the run's seconds over its epochs.
for epochs in 1 3; do
    line=$(summary 1000000 $epochs)
    ms=$(ms_of "$line") s=$(seconds_of "$line")
    if [[ $ms =~ $plain ]] && awk -v m="$ms" -v s="$s" -v e=$epochs \
        'BEGIN { d = m - 1000 * s / e; exit !(m >= 1000 && d <= 1 && d >= -1) }'; then
        ok
    else
        bad "$epochs epochs of seconds: want whole ms over 1000, $s s / $epochs: $line"
    fi
done

# 2. Nanoseconds an epoch: decimals, not "e-06".
line=$(summary 0.001 1000)
[[ $(ms_of "$line") =~ $plain ]] && ok || bad "a nanosecond epoch: $line"

# 3. The usual speed: as before, three significant digits ("0.00203").
line=$(summary 1 2000)
[[ $(ms_of "$line") =~ $plain ]] && ok || bad "the built-in run: $line"

finish
