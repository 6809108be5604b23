#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A CSV trace (--trace DIR --trace-format csv, docs/trace.md): a folder that
# cannot be made is refused before the first epoch, as a JSON trace's
# missing folder is (it was found only at the traced epoch, the run lost);
# and the folder is written whole or not at all: a write or a rename that
# fails leaves an earlier trace's files byte for byte, and a new folder is
# not left behind (files were committed one by one: a failure left a
# folder mixing two traces, or the first files of a new one).
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

# All or nothing. 1000 hidden units: 07_Z1.csv (4 x 1000 numbers, about 90
# KB) passes a 60 KiB ulimit -f; the files before it do not.
sed 's/\[2, 50, 1\]/[2, 1000, 1]/; s/"epochs": 200/"epochs": 1/' s.json > big.json
"$MLPTRAIN" -c big.json -q -s 1 --trace tr --trace-format csv || bad "the first trace failed"
echo mine > tr/notes.txt
cp -a tr tr.before
n_files=$(ls -A tr | wc -l)
big="cannot write: File too large; the file would pass a size limit (ulimit -f, or the file system's): raise it, or write the file elsewhere"
same_as_before() {
    diff -r tr tr.before > diff.txt && [ "$(ls -A tr | wc -l)" = "$n_files" ] && ok \
        || bad "$1: the earlier trace changed: $(head -c 300 diff.txt) $(ls -A tr)"
}
rc=0
(ulimit -f 60; exec "$MLPTRAIN" -c big.json -q -s 2 --trace tr --trace-format csv) 2> err.txt || rc=$?
error_is "a CSV trace over ulimit -f" 2 "mlptrain: tr/07_Z1.csv: $big" "$rc" "$(cat err.txt)" && ok
same_as_before "a CSV trace over ulimit -f"
rc=0
(ulimit -f 60; exec "$MLPTRAIN" -c big.json -q -s 2 --trace new --trace-format csv) 2> err.txt || rc=$?
error_is "a new CSV trace over ulimit -f" 2 "mlptrain: new/07_Z1.csv: $big" "$rc" "$(cat err.txt)" && ok
[ ! -e new ] && ok || bad "a new CSV trace over ulimit -f left $(ls -A new)"
# The last rename (index.csv) refused: every file already renamed is put back.
SHIM="$(dirname "$MLPTRAIN")/libmlp_rename_fails.so"
[ -f "$SHIM" ] || bad "no $SHIM"
# A sanitizer runtime need not come first for this: the shim uses none.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
busy="cannot write: Device or resource busy; a file system may be mounted on it; give another path, or unmount it"
rc=0
env LD_PRELOAD="$SHIM" MLP_TEST_RENAME_FAIL=index.csv "$MLPTRAIN" -c big.json -q -s 2 --trace tr \
    --trace-format csv 2> err.txt || rc=$?
error_is "a CSV trace whose index cannot be renamed" 2 "mlptrain: tr/index.csv: $busy" "$rc" \
    "$(cat err.txt)" && ok
same_as_before "a CSV trace whose index cannot be renamed"
rc=0
env LD_PRELOAD="$SHIM" MLP_TEST_RENAME_FAIL=index.csv "$MLPTRAIN" -c big.json -q -s 2 --trace new \
    --trace-format csv 2> err.txt || rc=$?
error_is "a new CSV trace whose index cannot be renamed" 2 "mlptrain: new/index.csv: $busy" "$rc" \
    "$(cat err.txt)" && ok
[ ! -e new ] && ok || bad "a new CSV trace whose index cannot be renamed left $(ls -A new)"
# And a trace that can be written replaces the whole earlier one.
"$MLPTRAIN" -c big.json -q -s 2 --trace tr --trace-format csv || bad "the second trace failed"
cmp -s tr/03_W1.csv tr.before/03_W1.csv && bad "03_W1.csv is still the first trace's" || ok
[ "$(cat tr/notes.txt)" = mine ] && [ "$(ls -A tr | wc -l)" = "$n_files" ] && ok \
    || bad "the second trace: $(ls -A tr)"
finish
