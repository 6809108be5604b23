#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Two inputs that read standard input are refused with both named as given
# (docs/csv.md, "Standard input"). A data file of a spec in a folder is
# resolved against that folder, and the message quoted the resolved path
# as the key's value: `"train": "cfg/in.csv"` for a spec that says
# "train": "in.csv". Now it quotes the spec's text and names the file after
# it; a path the spec holds whole (absolute, "-", or a spec without folder)
# is quoted alone. Exit 2, nothing written.
. "$(dirname "$0")/lib.sh" stdin_once_spec_path "$@"
export OPENBLAS_NUM_THREADS=1
cp "$ROOT/data/xor.csv" xor.csv
mkdir cfg
ln -s /dev/stdin cfg/in.csv # standard input under a name of the spec's folder
ln -s /dev/stdin in.csv
ONCE='cannot both come from standard input, which can be read only once; give one of them as a file'
spec() { # TRAIN VALIDATION: a spec's text
    printf '{"layers": [2, 2, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy",\n "epochs": 5, "data": {"train": "%s", "validation": "%s"}}\n' "$1" "$2"
}
# expect NAME WANT-STDERR SPEC: mlptrain -c SPEC, fed xor.csv through a pipe.
expect() {
    cat xor.csv | "$MLPTRAIN" -q -c "$3" -w w.bin -o l.csv > out.txt 2> err.txt
    error_is "$1" 2 "$2" "${PIPESTATUS[1]}" "$(cat err.txt)" && ok
    [ ! -e w.bin ] && [ ! -e l.csv ] && [ ! -s out.txt ] && ok || bad "$1: an output was written"
}
spec in.csv - > cfg/x.json
expect '"train": "in.csv" in cfg/x.json' \
    "mlptrain: the training data (\"train\": \"in.csv\", that is cfg/in.csv) and the validation data (\"validation\": \"-\") $ONCE" \
    cfg/x.json
spec - in.csv > cfg/v.json
expect '"validation": "in.csv" in cfg/v.json' \
    "mlptrain: the training data (\"train\": \"-\") and the validation data (\"validation\": \"in.csv\", that is cfg/in.csv) $ONCE" \
    cfg/v.json
# The spec's text whole: in the current folder, or an absolute path under
# an absolute folder (which nothing was put before).
spec in.csv /dev/stdin > x.json
expect '"train": "in.csv" in x.json' \
    "mlptrain: the training data (\"train\": \"in.csv\") and the validation data (\"validation\": \"/dev/stdin\") $ONCE" \
    x.json
spec "$WORK/cfg/in.csv" in.csv > cfg/a.json
expect 'an absolute "train" under an absolute folder' \
    "mlptrain: the training data (\"train\": \"$WORK/cfg/in.csv\") and the validation data (\"validation\": \"in.csv\", that is $WORK/cfg/in.csv) $ONCE" \
    "$WORK/cfg/a.json"
# --init-weights - beside it.
spec in.csv xor.csv > cfg/i.json
cat xor.csv | "$MLPTRAIN" -q -c cfg/i.json --init-weights - -w w.bin -o l.csv > out.txt 2> err.txt
error_is '"train": "in.csv" and --init-weights -' 2 \
    "mlptrain: the training data (\"train\": \"in.csv\", that is cfg/in.csv) and the initial weights (--init-weights -) $ONCE" \
    "${PIPESTATUS[1]}" "$(cat err.txt)" && [ ! -e w.bin ] && ok
finish
