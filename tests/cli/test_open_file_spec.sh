#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A spec given as an open file, not by a name in a folder: bash's <(...)
# (/dev/fd/63), /dev/stdin, /proc/self/fd/N. It reads as --config - does:
# relative data paths are the current folder's, and a training run needs
# -w and -o (or the spec's "output"). It was: the data looked up in /dev/fd/
# or /dev/ ("/dev/fd/xor.csv: cannot read"), and the outputs named after the
# descriptor (63.weights.bin, stdin.loss.csv).
# Usage: test_open_file_spec.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" open_file_spec "$@"
cp "$ROOT/data/xor.csv" .
printf '{"layers": [2, 3, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 3, "data": {"train": "xor.csv"}}\n' > ok.json
sed "s#\"xor.csv\"#\"$WORK/xor.csv\"#" ok.json > abs.json
"$MLPTRAIN" -q -c ok.json -w file.bin -o file.csv && ok || bad "training from the file"

# Relative data paths: the current folder's, the same model as from the file.
"$MLPTRAIN" -q -c <(cat ok.json) -w fd.bin -o fd.csv 2> err.txt && ok || bad "<(...): $(cat err.txt)"
[ -s fd.bin ] && [ "$(params file.bin)" = "$(params fd.bin)" ] && ok || bad "the model of <(...) differs"
"$MLPTRAIN" -q -c /dev/stdin -w in.bin -o in.csv < ok.json 2> err.txt && ok || bad "/dev/stdin: $(cat err.txt)"
[ -s in.bin ] && [ "$(params file.bin)" = "$(params in.bin)" ] && ok || bad "the model of /dev/stdin differs"
"$MLPTRAIN" -q -c /proc/self/fd/3 -w pr.bin -o pr.csv 3< ok.json 2> err.txt && ok || bad "/proc/self/fd/3: $(cat err.txt)"
[ -s pr.bin ] && [ "$(params file.bin)" = "$(params pr.bin)" ] && ok || bad "the model of /proc/self/fd/3 differs"

# Other paths under /proc are files in folders, not open descriptors:
# /proc/self/cwd/ok.json's data is beside it, and its outputs are named
# after it (a container's files are reached as /proc/PID/root/...).
"$MLPTRAIN" -q -c /proc/self/cwd/ok.json -w cwd.bin -o cwd.csv 2> err.txt && ok \
    || bad "/proc/self/cwd/ok.json: $(cat err.txt)"
[ -s cwd.bin ] && [ "$(params file.bin)" = "$(params cwd.bin)" ] && ok || bad "the model of /proc/self/cwd/ok.json differs"
mkdir -p elsewhere
(cd elsewhere && "$MLPTRAIN" -q -c "/proc/$$/root$WORK/ok.json" -w ../root.bin -o ../root.csv) 2> err.txt \
    && [ -s root.bin ] && ok || bad "/proc/PID/root/... from another folder: $(cat err.txt)"
cp ok.json named.json
"$MLPTRAIN" -q -c /proc/self/cwd/named.json 2> err.txt && [ -s named.weights.bin ] && [ -s named.loss.csv ] && ok \
    || bad "/proc/self/cwd/named.json without -w/-o: $(cat err.txt)"

# No name to name the outputs after: refused before anything is written,
# never 63.weights.bin or stdin.weights.bin.
"$MLPTRAIN" -q -c <(cat abs.json) > out.txt 2> err.txt
rc=$?
err=$(sed 's#/dev/fd/[0-9]*#/dev/fd/N#' err.txt)
error_is "<(...) without outputs" 2 'mlptrain: the spec comes from an open file (--config /dev/fd/N), so it has no file name to name the weights and the loss log after; give --weights FILE and --loss-log FILE, or "output" paths in the spec' "$rc" "$err" \
    && ok
"$MLPTRAIN" -q -c /dev/stdin -w only.bin < abs.json > out.txt 2> err.txt
rc=$?
error_is "/dev/stdin without -o" 2 'mlptrain: the spec comes from standard input (--config /dev/stdin), so it has no file name to name the loss log after; give --loss-log FILE, or "output" paths in the spec' "$rc" "$(cat err.txt)" \
    && [ ! -e only.bin ] && ok
left=$(ls -A | grep -v -x -e xor.csv -e ok.json -e abs.json -e named.json -e elsewhere -e err.txt -e out.txt -e '.*\.bin' -e '.*\.csv' )
[ -z "$left" ] && ok || bad "unexpected files: $left"
for f in 63.weights.bin 63.loss.csv stdin.weights.bin stdin.loss.csv '<stdin>.weights.bin' only.bin; do
    [ ! -e "$f" ] && ok || bad "$f was written"
done

# A spec that is a symbolic link: its paths are relative to the link's
# folder (the path given), not to the folder of the file it leads to, as
# docs/spec.md says.
mkdir -p links real
cp xor.csv links/
cp ok.json real/spec.json
ln -s ../real/spec.json links/spec.json
"$MLPTRAIN" -q -c links/spec.json -w link.bin -o link.csv 2> err.txt && [ -s link.bin ] && ok \
    || bad "a spec behind a link, its data beside the link: $(cat err.txt)"
mv links/xor.csv real/
"$MLPTRAIN" -q -c links/spec.json -w link2.bin -o link2.csv > out.txt 2> err.txt
rc=$?
error_is "a spec behind a link, its data beside the file" 2 'mlptrain: links/spec.json:1:122: cannot read "xor.csv" (links/xor.csv): No such file or directory; check the path' "$rc" "$(cat err.txt)" \
    && ok
tr -s '\n ' '  ' < "$ROOT/docs/spec.md" | grep -qF "for a spec that is a symbolic link the link's folder, not the folder of the file it leads to" \
    && ok || bad "docs/spec.md does not say which folder a linked spec's paths are relative to"
finish
