#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlptrain --gradcheck without --config: the report covers every combination
# the activation and loss tables allow.
# - The number of combinations is counted from the tables, with no cap: the
#   header's count, the case lines and "all N combinations pass" agree, and
#   the run exits 0. (With a fixed MLP_GRADCHECK_MAX_CASES of 64, an eighth
#   activation added as docs/extending.md says made 70: the header said 64,
#   the run stopped with "more combinations of activations and losses than
#   MLP_GRADCHECK_MAX_CASES (64)" and exit 3, the out-of-memory code.)
# Usage: test_gradcheck_report.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" gradcheck_report "$@"

"$MLPTRAIN" --gradcheck > gc.out 2> gc.err
status=$?
[ "$status" = 0 ] && [ ! -s gc.err ] && ok || bad "--gradcheck: exit $status, $(cat gc.err)"
header=$(sed -n '1s/^gradient check: \([0-9]*\) combinations of hidden\/output activation and loss, .*/\1/p' gc.out)
cases=$(grep -c '^[a-z_]*/[a-z_]*/[a-z_]* *worst ' gc.out)
last=$(sed -n 's/^all \([0-9]*\) combinations pass$/\1/p' gc.out)
[ -n "$header" ] && [ "$header" -ge 54 ] && [ "$cases" = "$header" ] && [ "$last" = "$header" ] && ok \
    || bad "--gradcheck: header says '$header', $cases case lines, last line says '$last'"

finish
