#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Another user's file in a sticky folder (/tmp's mode 1777) cannot be
# replaced by a rename: every program that writes an output says so in the
# words mlptrain's pre-flight used alone (docs/exit-codes.md), before any
# work, and leaves the file as it was. mlppredict -o, --export, --grid -o
# and mlpplot -o failed at the rename with "cannot write: Operation not
# permitted; choose a folder you can write to", the wrong advice: the
# folder can be written to. Run as root, which makes the files, and
# replaced as nobody (setpriv); skipped elsewhere.
. "$(dirname "$0")/lib.sh" sticky_outputs "$@"
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
export LSAN_OPTIONS="suppressions=$ROOT/tests/plot/lsan.supp:print_suppressions=0"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null || ! as_nobody test -x "$MLPTRAIN"; then
    echo "skipped: needs root, setpriv, and a build nobody can run"
    ok
    finish
fi
sticky=$(mktemp -d /tmp/mlp-sticky-outputs.XXXXXX)
trap 'rm -rf -- "$WORK" "$sticky"' EXIT
chmod 1777 "$sticky"
cp "$ROOT/data/xor.csv" "$sticky/xor.csv"
sed 's#../data/xor.csv#xor.csv#' "$ROOT/configs/xor.json" > "$sticky/xor.json"
(cd "$sticky" && "$MLPTRAIN" -q -c xor.json -e 20 -w m.bin -o m.csv) || bad "training"
chmod 644 "$sticky"/*
for f in out.csv out.npz out.png; do printf "root's %s" "$f" > "$sticky/$f"; chmod 666 "$sticky/$f"; done
words="cannot write: it belongs to another user and its folder is sticky (like /tmp), so only its owner can replace it; give another path, or ask the file's owner to remove it"
# expect NAME FILE PROGRAM ARGS...: exit 2, the sticky words for FILE, FILE
# as root left it, no temporary file.
expect() {
    local name=$1 file=$2 rc=0
    shift 2
    (cd "$sticky" && as_nobody "$@") >out.txt 2>err.txt || rc=$?
    error_is "$name" 2 "$(basename "$1"): $file: $words" "$rc" "$(cat err.txt)" && ok
    [ "$(cat "$sticky/$file")" = "root's $file" ] && ok || bad "$name: $file was changed"
    [ -z "$(find "$sticky" -name '.*.tmp.*')" ] && ok || bad "$name: a temporary file was left: $(ls -A "$sticky")"
}
expect "mlppredict -o" out.csv "$MLPPREDICT" m.bin xor.csv -o out.csv
expect "mlppredict --grid -o" out.csv "$MLPPREDICT" m.bin --grid -1:1:3,-1:1:3 -o out.csv
expect "mlppredict --export" out.npz "$MLPPREDICT" --export out.npz m.bin
expect "mlpplot loss -o" out.png "$MLPPLOT" loss m.csv -o out.png
expect "mlpplot surface -o" out.png "$MLPPLOT" surface m.bin xor.csv -o out.png
# mlptrain's own pre-flight says the same, as before.
expect "mlptrain -w" out.csv "$MLPTRAIN" -q -c xor.json -e 2 -w out.csv -o new.csv
[ ! -e "$sticky/new.csv" ] && ok || bad "mlptrain -w: the loss log was written"
# A path of nobody's own in the same folder is written.
(cd "$sticky" && as_nobody "$MLPPREDICT" m.bin xor.csv -o mine.csv) 2>err.txt && [ -s "$sticky/mine.csv" ] \
    && ok || bad "mlppredict -o mine.csv: $(cat err.txt)"
finish
