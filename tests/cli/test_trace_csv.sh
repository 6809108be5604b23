#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A CSV trace (--trace DIR --trace-format csv, docs/trace.md): a folder that
# cannot be made is refused before the first epoch, as a JSON trace's
# missing folder is (it was found only at the traced epoch, the run lost).
. "$(dirname "$0")/lib.sh" trace_csv "$@"
export OPENBLAS_NUM_THREADS=1
printf 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' > xor.csv
cat > s.json <<'JSON'
{"layers": [2, 50, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy",
 "learning_rate": 0.1, "epochs": 200, "data": {"train": "xor.csv", "targets": ["y"]},
 "output": {"weights": "w.bin", "loss": "l.csv"}}
JSON

# refused NAME MESSAGE ARGS...: the run is refused before any epoch: exit
# 2, exactly MESSAGE (no progress, no "wrote"), no weights or loss log.
refused() {
    local name=$1 want=$2 rc=0
    shift 2
    "$@" > out.txt 2> err.txt || rc=$?
    error_is "$name" 2 "$want" "$rc" "$(cat err.txt)" && ok
    [ ! -e w.bin ] && [ ! -e l.csv ] && ok || bad "$name: the run trained and wrote its outputs"
    rm -f w.bin l.csv
}

trace_late=(--trace-epoch 200 --trace-format csv --progress lines)
refused "a CSV trace in a missing folder" \
    'mlptrain: nodir/tr: cannot write: No such file or directory; create the folder "nodir" first, or check the path' \
    "$MLPTRAIN" -c s.json "${trace_late[@]}" --trace nodir/tr
[ ! -e nodir ] && ok || bad "nodir was made"
echo 'a file' > afile
refused "a CSV trace onto a file" \
    'mlptrain: afile: cannot create the trace folder: Not a directory; give a new folder name, or an existing folder, to --trace' \
    "$MLPTRAIN" -c s.json "${trace_late[@]}" --trace afile
refused "a CSV trace in a file" \
    'mlptrain: afile/tr: cannot write: Not a directory; a part of the path is a file, not a folder; check the path' \
    "$MLPTRAIN" -c s.json "${trace_late[@]}" --trace afile/tr
ln -s nowhere dangling
refused "a CSV trace onto a link that leads nowhere" \
    'mlptrain: dangling: cannot create the trace folder: No such file or directory; give a new folder name, or an existing folder, to --trace' \
    "$MLPTRAIN" -c s.json "${trace_late[@]}" --trace dangling
# A folder the user cannot write to (as nobody, when the tests run as root).
mkdir -m 555 locked
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
    chmod 755 "$WORK"
    mkdir -m 777 out
    rc=0
    setpriv --reuid=65534 --regid=65534 --clear-groups "$MLPTRAIN" -c s.json -w out/w.bin \
        -o out/l.csv "${trace_late[@]}" --trace locked/tr > out.txt 2> err.txt || rc=$?
    error_is "a CSV trace in a folder nobody may write to" 2 \
        'mlptrain: locked/tr: cannot write: Permission denied; choose a folder you can write to' \
        "$rc" "$(cat err.txt)" && ok
    [ -z "$(ls out)" ] && ok || bad "a CSV trace in a read-only folder: the run wrote $(ls out)"
elif [ "$(id -u)" != 0 ]; then
    refused "a CSV trace in a folder the user may not write to" \
        'mlptrain: locked/tr: cannot write: Permission denied; choose a folder you can write to' \
        "$MLPTRAIN" -c s.json "${trace_late[@]}" --trace locked/tr
fi
[ -z "$(ls locked)" ] && ok || bad "locked/ holds $(ls locked)"

finish
