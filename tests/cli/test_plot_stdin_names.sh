#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlpplot refuses a model and data that both read standard input ("-",
# /dev/stdin, /dev/fd/0) before either is read, naming each as it was
# given, as mlppredict does (it named both ("-") whatever they were).
. "$(dirname "$0")/lib.sh" plot_stdin_names "$@"
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
tail_msg="cannot both come from standard input, which can be read only once; give one of them as a file"
for pair in "/dev/stdin -" "- /dev/fd/0" "- -" "/dev/stdin /proc/self/fd/0"; do
    # shellcheck disable=SC2086
    set -- $pair
    usage_error "surface $pair" \
        "mlpplot: the model (\"$1\") and the data CSV (\"$2\") $tail_msg" \
        "$MLPPLOT" surface "$1" "$2" -o p.png < /dev/null
    usage_error "fit $pair" \
        "mlpplot: the model (\"$1\") and the data CSV (\"$2\") $tail_msg" \
        "$MLPPLOT" fit "$1" "$2" -o p.png < /dev/null
done
# The same words as mlppredict's.
usage_error "mlppredict /dev/stdin -" \
    "mlppredict: the model (\"/dev/stdin\") and the input CSV (\"-\") $tail_msg" \
    "$MLPPREDICT" /dev/stdin - < /dev/null
[ ! -e p.png ] && ok || bad "a picture was drawn"
finish
