#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A compressed CSV file is refused with the command that decompresses it
# (docs/csv.md, "Not text"), and that command must work as printed. It was
# "gunzip -k NAME" (unxz -k, unzstd, bunzip2 -k) for every name, which
# those tools refuse without their suffix ("gzip: d.csv: unknown suffix --
# ignored"). Each hint here is run with sh from the folder mlptrain or
# mlppredict ran in, and what it writes must be the original text, which
# then reads. Tools that are not installed are left out (gzip always is).
. "$(dirname "$0")/lib.sh" compressed_hint "$@"
export OPENBLAS_NUM_THREADS=1
printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' >xor.csv
printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 5, "data": {"train": "xor.csv"}}\n' >xor.json
"$MLPTRAIN" -q -c xor.json -w m.bin -o m.csv 2>err.txt && ok || bad "training xor: $(cat err.txt)"
# check TOOL NAME OUT KIND COMMAND...: NAME holds xor.csv compressed by TOOL;
# COMMAND fails on it with the message of KIND and a hint, which run by sh
# writes OUT, equal to xor.csv.
check() {
    local tool=$1 name=$2 out=$3 kind=$4 rc=0
    shift 4
    "$@" >out.txt 2>err.txt || rc=$?
    local err hint
    err=$(cat err.txt)
    case $err in
    *": the file is $kind-compressed, not CSV text; decompress it first: "*) ;;
    *) bad "$tool $name: exit $rc, $err"; return ;;
    esac
    [ "$rc" = 2 ] && ok || bad "$tool $name: exit status $rc"
    hint=${err#*decompress it first: }
    if ! sh -c "$hint" 2>sh.txt; then
        bad "$tool $name: \`$hint\` failed: $(cat sh.txt)"
        return
    fi
    cmp -s "$out" xor.csv && ok || bad "$tool $name: \`$hint\` did not write the text to $out"
    [ -e "$name" ] && ok || bad "$tool $name: \`$hint\` removed $name"
    "$MLPPREDICT" m.bin "$out" >p.txt 2>err.txt && ok || bad "$tool $name: $out: $(cat err.txt)"
    rm -f -- "$out"
}
mkdir -p sub
for t in "gzip gz gzip" "xz xz xz" "zstd zst zstd" "bzip2 bz2 bzip2"; do
    # shellcheck disable=SC2086
    set -- $t
    tool=$1 suffix=$2 kind=$3
    command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed"; continue; }
    "$tool" -c xor.csv >d.csv 2>/dev/null
    cp d.csv "d.csv.$suffix"
    cp d.csv "my d's.csv"
    cp d.csv -- "-d.csv"
    cp d.csv sub/d.csv
    cp d.csv sub/noext
    check "$tool" d.csv d-text.csv "$kind" "$MLPPREDICT" m.bin d.csv
    rm d.csv # what the tool writes in place
    check "$tool" "d.csv.$suffix" d.csv "$kind" "$MLPPREDICT" m.bin "d.csv.$suffix"
    check "$tool" "my d's.csv" "my d's-text.csv" "$kind" "$MLPPREDICT" m.bin "my d's.csv"
    # a name that starts with "-" goes to the tool after "./"
    check "$tool" -d.csv ./-d-text.csv "$kind" "$MLPPREDICT" m.bin -- -d.csv
    check "$tool" sub/noext sub/noext-text.csv "$kind" "$MLPPREDICT" m.bin sub/noext
    # a spec's data path is the config's folder's: the hint names it from here
    printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "data": {"train": "d.csv"}}\n' >sub/g.json
    check "$tool" sub/d.csv sub/d-text.csv "$kind" "$MLPTRAIN" -q -c sub/g.json -w w.bin -o l.csv
    [ ! -e w.bin ] && [ ! -e l.csv ] && ok || bad "$tool: mlptrain wrote an output"
    rm -f -- "d.csv.$suffix" "my d's.csv" -d.csv sub/d.csv sub/noext
done
finish
