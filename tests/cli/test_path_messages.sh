#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What a message says about a path: a path of 1024 bytes or more keeps its
# end, the file's name, after "..." (it was cut at byte 1023, naming a
# folder that exists, with no sign of the cut). An output path of 4084 to
# 4095 bytes is written (its temporary file's name passed PATH_MAX), a link
# loop is told as one (not "check the free space"), a link to a missing
# folder names that folder, and a weights file of version 0 is not sent
# back to "the mlp that wrote it".
# Usage: test_path_messages.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" path_messages "$@"
cp "$ROOT/data/xor.csv" .
printf '{"layers": [2, 3, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 3, "data": {"train": "xor.csv"}}\n' > ok.json
"$MLPTRAIN" -q -c ok.json -w m.bin -o m.csv && ok || bad "training"

# A long path: five folders of 250 bytes, then the file.
d=$(printf 'q%.0s' $(seq 250))
long="$d/$d/$d/$d/$d"
mkdir -p "$long"
"$MLPPREDICT" m.bin "$long/missing.csv" > out.txt 2> err.txt
rc=$?
err=$(cat err.txt)
[ "$rc" = 2 ] && ok || bad "a long missing input: exit status $rc"
case $err in
"mlppredict: .../"*"/missing.csv: cannot read: No such file or directory; check the path") ok ;;
*) bad "a long path lost its file name: ...${err: -120}" ;;
esac
# All but the dropped front is the path as given, and at most a folder's
# name is dropped past what the 1023 bytes need.
shown=${err#mlppredict: ...}
shown=${shown%%: cannot read*}
case "$long/missing.csv" in
*"$shown") [ "${#shown}" -gt 760 ] && [ "${#shown}" -le 1020 ] && ok || bad "kept ${#shown} bytes of the path" ;;
*) bad "the kept end is not the path's: $shown" ;;
esac

# The longest path whose folder leaves room for the short temporary name
# (".mlp.tmp.XXXXXX"); it was "File name too long" from 4084 bytes on.
mkpath() {
    /usr/bin/python3 -c '
import sys
n, base, d = int(sys.argv[1]), sys.argv[2], "q" * 250
need, s = n - len(base) - 1, ""
while len(s) + 251 <= need:
    s += ("/" if s else "") + d
rest = need - len(s) - (1 if s else 0)
if rest > 0:
    s += ("/" if s else "") + "r" * rest
print(s + "/" + base)' "$1" "$2"
}
for n in 4084 4085; do
    p=$(mkpath $n w.bin)
    mkdir -p "${p%/*}"
    [ "${#p}" = "$n" ] || bad "the path made is ${#p} bytes, not $n"
    "$MLPTRAIN" -q -c ok.json -w "$p" -o a.csv 2> err.txt && [ -s "$p" ] && ok \
        || bad "a $n-byte output path: ...$(tail -c 160 err.txt)"
    [ -z "$(ls -A "${p%/*}" | grep -v -x w.bin)" ] && ok || bad "a temporary file is left: $(ls -A "${p%/*}")"
done
# Past that: refused before training, saying why and what to do.
p=$(mkpath 4090 w.bin)
mkdir -p "${p%/*}"
"$MLPTRAIN" -q -c ok.json -w "$p" -o b.csv > out.txt 2> err.txt
rc=$?
case $(cat err.txt) in
*"/w.bin: cannot write: File name too long; give a shorter path: a name of at most 255 bytes, in a path of at most 4095 with room for the 15-byte temporary file written beside it (run from a folder nearer the file to shorten it)")
    [ "$rc" = 2 ] && [ ! -e "$p" ] && [ ! -e b.csv ] && ok || bad "a 4090-byte output path: exit status $rc" ;;
*) bad "a 4090-byte output path: ...$(tail -c 200 err.txt)" ;;
esac

# A link loop: not a matter of free space.
ln -s loop loop
printf 'old' > keep.csv
"$MLPTRAIN" -q -c ok.json -w loop -o keep.csv > out.txt 2> err.txt
rc=$?
error_is "-w at a link loop" 2 'mlptrain: loop: cannot write: Too many levels of symbolic links; a symbolic link in the path leads back to itself, or through more than 40 links; check where they lead (ls -l)' "$rc" "$(cat err.txt)" \
    && [ "$(cat keep.csv)" = old ] && ok
# A link to a file in a missing folder: the folder to create is the link's.
ln -s /nonexistent-mlp-folder/w.bin dangling
"$MLPTRAIN" -q -c ok.json -w dangling -o keep.csv > out.txt 2> err.txt
rc=$?
error_is "-w at a link into a missing folder" 2 'mlptrain: dangling: cannot write: No such file or directory; it is a symbolic link leading to "/nonexistent-mlp-folder/w.bin": create the folder "/nonexistent-mlp-folder" first, or check the link' "$rc" "$(cat err.txt)" \
    && [ "$(cat keep.csv)" = old ] && ok

# A file that cannot be created in a folder that exists: no folder to
# create (it said `create the folder "/dev" first`). /dev/stdout with the
# standard output closed is told as docs/exit-codes.md tells `-` closed; a
# descriptor not open is named; /proc is a folder where no file is made.
"$MLPPREDICT" -o /dev/stdout m.bin xor.csv >&- 2> err.txt
rc=$?
error_is "-o /dev/stdout, closed" 2 'mlppredict: /dev/stdout: cannot write: No such file or directory; the standard output is closed; give it a file, a pipe or /dev/null (> out.txt)' "$rc" "$(cat err.txt)" \
    && ok
"$MLPTRAIN" -q -c ok.json -w /proc/self/fd/7 -o keep.csv > out.txt 2> err.txt 7>&-
rc=$?
error_is "-w /proc/self/fd/7, not open" 2 'mlptrain: /proc/self/fd/7: cannot write: No such file or directory; descriptor 7 is not open; open it for writing (7> out.txt) or give the path of a file' "$rc" "$(cat err.txt)" \
    && [ "$(cat keep.csv)" = old ] && ok
"$MLPPREDICT" -o /proc/mlp-test.csv m.bin xor.csv > out.txt 2> err.txt
rc=$?
error_is "-o /proc/mlp-test.csv" 2 'mlppredict: /proc/mlp-test.csv: cannot write: No such file or directory; the folder "/proc" exists, but no file can be created there; check the path' "$rc" "$(cat err.txt)" \
    && ok

# A weights file of version 0: no mlp wrote it.
cp m.bin v0.bin
printf '\0\0\0\0' | dd of=v0.bin bs=1 seek=8 conv=notrunc 2> /dev/null
"$MLPPREDICT" v0.bin xor.csv > out.txt 2> err.txt
rc=$?
error_is "a version 0 model" 2 'mlppredict: v0.bin: format version 0 is not supported by this mlp (reads 1 to 5); no mlp writes version 0: the file is damaged or was written by another program; retrain the model' "$rc" "$(cat err.txt)" \
    && ok
cp m.bin v9.bin
printf '\11\0\0\0' | dd of=v9.bin bs=1 seek=8 conv=notrunc 2> /dev/null
"$MLPPREDICT" v9.bin xor.csv > out.txt 2> err.txt
rc=$?
error_is "a version 9 model" 2 'mlppredict: v9.bin: format version 9 is not supported by this mlp (reads 1 to 5); read it with the newer mlp that wrote it, or retrain the model' "$rc" "$(cat err.txt)" \
    && ok
finish
