#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What a message says about a path: a path of 1024 bytes or more keeps its
# end, the file's name, after "..." (it was cut at byte 1023, naming a
# folder that exists, with no sign of the cut).
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
finish
