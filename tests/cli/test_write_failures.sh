#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Write-failure injection (docs/exit-codes.md): outputs on a full device
# (/dev/full), over a file-size limit (ulimit -f), in a folder removed during
# the run; mlptrain's and mlppredict's. Each run exits 2 with a message that
# says what happened; the previous weights, loss log and predictions survive
# byte for byte; nothing is left behind.
. "$(dirname "$0")/lib.sh" write_failures "$@"
export OPENBLAS_NUM_THREADS=1
cp "$ROOT/tests/fixtures/diagnose/moons_onehot.csv" data.csv
cat >m.json <<'JSON'
{"layers": [2, 64, 2], "activations": ["tanh", "softmax"], "loss": "cross_entropy", "epochs": 20,
 "data": {"train": "data.csv", "targets": ["c0", "c1"]}}
JSON
"$MLPTRAIN" -c m.json -w w.bin -o l.csv -q || bad "the first run failed"
cp w.bin w.prev
cp l.csv l.prev
no_temps() { ! find . -name '.*.tmp.*' | grep -q .; }

# expect NAME MESSAGE CMD...: exit 2, this exact message, old outputs intact.
expect() {
    local name=$1 want=$2 rc=0
    shift 2
    "$@" >out.txt 2>err.txt || rc=$?
    [ "$rc" = 2 ] && ok || bad "$name: exit $rc, want 2"
    [ "$(cat err.txt)" = "$want" ] && ok || bad "$name: message \"$(cat err.txt)\", want \"$want\""
    cmp -s w.bin w.prev && cmp -s l.csv l.prev && ok || bad "$name: the previous outputs changed"
    no_temps && ok || bad "$name: a temporary file was left"
}

expect "loss log on /dev/full" \
    "mlptrain: /dev/full: cannot write: No space left on device; free some disk space and try again" \
    "$MLPTRAIN" -c m.json -s 7 -w w.bin -o /dev/full -q
expect "weights on /dev/full" \
    "mlptrain: /dev/full: cannot write: No space left on device; free some disk space and try again" \
    "$MLPTRAIN" -c m.json -s 7 -w /dev/full -o l.csv -q
# 1 KiB: less than the weights (about 5 KB). SIGXFSZ is ignored (signals.h).
expect "over ulimit -f" \
    "mlptrain: w.bin: cannot write: File too large; the file would pass a size limit (ulimit -f, or the file system's): raise it, or write the file elsewhere" \
    bash -c "ulimit -f 1; exec \"$MLPTRAIN\" -c m.json -s 7 -w w.bin -o l.csv -q"

# mlppredict's outputs: the predictions, the grid, the .npz, each on
# /dev/full and over ulimit -f; the message names the file, the error and
# what to check, as mlptrain's do (it said only "writing the predictions
# failed"); a previous output stays as it was.
full="cannot write: No space left on device; free some disk space and try again"
big="cannot write: File too large; the file would pass a size limit (ulimit -f, or the file system's): raise it, or write the file elsewhere"
printf 'old predictions\n' > p.csv
cp p.csv p.prev
expect "predictions on /dev/full" "mlppredict: /dev/full: $full" \
    "$MLPPREDICT" w.bin data.csv -o /dev/full
expect "predictions on a full standard output" "mlppredict: <stdout>: $full" \
    bash -c "exec \"$MLPPREDICT\" w.bin data.csv > /dev/full"
expect "predictions over ulimit -f" "mlppredict: p.csv: $big" \
    bash -c "ulimit -f 1; exec \"$MLPPREDICT\" w.bin data.csv -o p.csv"
expect "grid on /dev/full" "mlppredict: /dev/full: $full" \
    "$MLPPREDICT" w.bin --grid -2:3:101,-1:1:81 -o /dev/full
expect "grid over ulimit -f" "mlppredict: p.csv: $big" \
    bash -c "ulimit -f 1; exec \"$MLPPREDICT\" w.bin --grid -2:3:101,-1:1:81 -o p.csv"
cmp -s p.csv p.prev && ok || bad "the previous predictions changed"
# The .npz of w.bin (about 5 KB) fails as it is written; that of a 2-2
# model (about 3 KB) stays in the stream's buffer until it is flushed, and
# was told in other words then: both are told alike.
sed 's/"layers": \[2, 64, 2\], "activations": \["tanh", "softmax"\]/"layers": [2, 2], "activations": ["softmax"]/' \
    m.json > tiny.json
"$MLPTRAIN" -c tiny.json -e 1 -w tiny.bin -o /dev/null -q || bad "training the 2-2 model failed"
for model in w.bin tiny.bin; do
    expect ".npz of $model on /dev/full" "mlppredict: /dev/full: $full" \
        "$MLPPREDICT" --export /dev/full "$model"
    expect ".npz of $model over ulimit -f" "mlppredict: p.npz: $big" \
        bash -c "ulimit -f 1; exec \"$MLPPREDICT\" --export p.npz $model"
    [ ! -e p.npz ] && ok || bad ".npz of $model over ulimit -f: p.npz was written"
done

# The weights cannot be renamed at the very end, after the log was (an
# LD_PRELOAD rename refuses w.bin as a rename over a bind-mounted file
# does): the log is put back, so the previous pair stays. It was: the new
# log beside the old weights. A log that did not exist is removed again.
RENAME_SHIM="$(dirname "$MLPTRAIN")/libmlp_rename_fails.so"
[ -f "$RENAME_SHIM" ] || bad "no $RENAME_SHIM"
# A sanitizer runtime need not come first for this: the shim uses none.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
busy="cannot write: Device or resource busy; a file system may be mounted on it; give another path, or unmount it"
expect "the weights' rename fails" "mlptrain: w.bin: $busy" \
    env LD_PRELOAD="$RENAME_SHIM" MLP_TEST_RENAME_FAIL=w.bin "$MLPTRAIN" -c m.json -s 7 -w w.bin -o l.csv -q
expect "the weights' rename fails, the log new" "mlptrain: w.bin: $busy" \
    env LD_PRELOAD="$RENAME_SHIM" MLP_TEST_RENAME_FAIL=w.bin "$MLPTRAIN" -c m.json -s 7 -w w.bin -o new.csv -q
[ ! -e new.csv ] && ok || bad "the weights' rename failed: the new log new.csv stays"
# The log's own rename failing leaves both as they were (nothing renamed yet).
expect "the log's rename fails" "mlptrain: l.csv: $busy" \
    env LD_PRELOAD="$RENAME_SHIM" MLP_TEST_RENAME_FAIL=l.csv "$MLPTRAIN" -c m.json -s 7 -w w.bin -o l.csv -q

# The pre-flight sees what will refuse the rename, before the first epoch:
# a file bind-mounted over the weights (root, where mount works), and, for
# a user other than root, another user's file in a sticky folder (as
# nobody, over root's 0666 file in a 1777 folder). Each trained, then
# failed at the end with the new log kept.
if [ "$(id -u)" = 0 ] && cp w.bin mnt.src && cp w.bin mnt.bin && mount --bind mnt.src mnt.bin 2>/dev/null; then
    expect "weights on a mount point" \
        "mlptrain: mnt.bin: cannot write: a file system is mounted on it, so it cannot be replaced; give another path, or unmount it first" \
        "$MLPTRAIN" -c m.json -s 7 -w mnt.bin -o l.csv -q
    umount mnt.bin || bad "umount mnt.bin"
else
    echo "skipped: a bind mount over the weights (needs root and mount)"
fi
rm -f mnt.src mnt.bin
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && as_nobody test -x "$MLPTRAIN"; then
    sticky=$(mktemp -d /tmp/mlp-sticky.XXXXXX)
    chmod 1777 "$sticky"
    cp m.json data.csv "$sticky/"
    chmod 644 "$sticky/m.json" "$sticky/data.csv"
    printf "root's weights" > "$sticky/w.bin"
    chmod 666 "$sticky/w.bin"
    (cd "$sticky" && as_nobody "$MLPTRAIN" -c m.json -w w.bin -o l.csv -q) >out.txt 2>err.txt
    rc=$?
    [ "$rc" = 2 ] && [ "$(cat err.txt)" = "mlptrain: w.bin: cannot write: it belongs to another user and its folder is sticky (like /tmp), so only its owner can replace it; give another path, or ask the file's owner to remove it" ] \
        && ok || bad "another user's weights in a sticky folder: exit $rc: $(cat err.txt)"
    [ "$(cat "$sticky/w.bin")" = "root's weights" ] && [ ! -e "$sticky/l.csv" ] \
        && [ -z "$(find "$sticky" -name '.*.tmp.*')" ] && ok \
        || bad "another user's weights in a sticky folder: files changed: $(ls -A "$sticky")"
    rm -rf "$sticky"
else
    echo "skipped: another user's weights in a sticky folder (needs root, setpriv, and a build nobody can run)"
fi

# The outputs' folder is removed while the run trains.
mkdir gone
sed 's/"epochs": 20/"epochs": 100000000/' m.json >long.json
"$MLPTRAIN" -c long.json -w gone/w.bin -o gone/l.csv -q >out.txt 2>err.txt &
pid=$!
sleep 1
rmdir gone || bad "the folder could not be removed (a temporary file in it?)"
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" = 143 ] && ok || bad "folder removed: exit $rc, want 143"
grep -q "^mlptrain: gone/w.bin: cannot write: No such file or directory" err.txt && ok \
    || bad "folder removed: message \"$(cat err.txt)\""
[ ! -e gone ] && no_temps && ok || bad "folder removed: something was left"
finish
