#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# --lr-scan LO:HI without N tries 3 rates per factor of 10, plus one, at
# most 64 (docs/diagnostics.md, "Learning-rate scan"; --help, the man page,
# the README). The cap was not written anywhere: `--lr-scan 1e-300:1e300`
# tried 64 rates where the stated rule gives 1801. The counts are checked
# from the rule, on both sides of the cap, and the places that state the
# default are checked to name the cap.
# Usage: test_lrscan_count.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" lrscan_count "$@"
export OPENBLAS_NUM_THREADS=1

# rates LO:HI: the number of rates the scan of the built-in XOR net says it
# tries (its first line, "learning-rate scan: N rates from ..."), which must
# be the number of rows of rates it prints (each starts with its rate); one
# epoch each keeps it quick.
rates() {
    "$MLPTRAIN" --lr-scan "$1" --lr-scan-epochs 1 >scan.txt 2>scan.err \
        || { bad "$1: scan failed: $(cat scan.err)"; return; }
    local said rows
    said=$(sed -n 's/^learning-rate scan: \([0-9]*\) rates from .*/\1/p' scan.txt)
    rows=$(grep -cE '^ *[0-9][0-9.e+-]* +[^ ]+ +[^ ]+ ' scan.txt)
    [ "$said" = "$rows" ] || bad "$1: says $said rates, prints $rows: $(cat scan.txt)"
    printf '%s\n' "$said"
}
# want NAME LO:HI N: the scan of LO:HI tries N rates.
want() {
    local got
    got=$(rates "$2")
    [ "$got" = "$3" ] && ok || bad "$1: $2 tried $got rates, want $3"
}
# 3 per factor of 10, plus 1: 1e-3:1e3 is 6 factors (19 rates), 1e-10:1e10
# 20 (61), 1e-10:1e11 21 (64, the cap reached exactly).
want "6 factors" 1e-3:1e3 19
want "20 factors" 1e-10:1e10 61
want "21 factors" 1e-10:1e11 64
# Past 21 factors of 10 the rule would give more than 64: 22 factors (67)
# and 600 (1801) both try 64.
want "22 factors" 1e-11:1e11 64
want "600 factors" 1e-300:1e300 64
# Where the default is stated, the cap is too.
"$MLPTRAIN" --help | tr '\n' ' ' | tr -s ' ' | grep -qF '[N: 3 per factor of 10, plus 1, at most 64]' \
    && ok || bad "mlptrain --help does not state the cap of 64 rates"
tr '\n' ' ' <"$ROOT/docs/diagnostics.md" | grep -qF 'without N, 3 per factor of 10 plus one, at most 64' \
    && ok || bad "docs/diagnostics.md does not state the cap of 64 rates"
grep -qF '3 per factor of 10, plus 1, at most 64' "$ROOT/man/mlptrain.1" \
    && ok || bad "man/mlptrain.1 does not state the cap of 64 rates"
grep -qF 'N: 3 per factor of 10, plus 1, at most 64' "$ROOT/README.md" \
    && ok || bad "README.md does not state the cap of 64 rates"
finish
