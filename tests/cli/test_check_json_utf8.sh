#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlptrain --check --format json writes RFC 8259 JSON, which is UTF-8, for
# any names: a Latin-1 column name (docs/csv.md: names are bytes, so they
# work) and a path that is not UTF-8 are written with each such byte as the
# four characters \xNN, the spelling of the text format, and valid UTF-8
# ("température") passes as it is. Each output is read by a strict parser
# (Python's json on the bytes decoded as UTF-8, errors raised). It wrote the
# bytes raw, and json.load failed with UnicodeDecodeError.
. "$(dirname "$0")/lib.sh" check_json_utf8 "$@"
export OPENBLAS_NUM_THREADS=1
# A first column of one value, so that the pre-flight names it
# (constant-column): the header HEADER-NAME,x2,y in FILE, and SPEC that trains on it.
# constant_csv FILE HEADER-NAME SPEC
constant_csv() {
    printf '%s,x2,y\n5,0,0\n5,1,1\n5,1,0\n5,0,1\n' "$2" >"$1"
    printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 3, "data": {"train": "%s"}}\n' "$1" >"$3"
}
# field JSON-FILE KEY: the first finding's KEY, the file read strictly as
# UTF-8 JSON; exit 1 (with Python's error) when it is not.
field() {
    /usr/bin/python3 -c 'import json, sys
with open(sys.argv[1], "rb") as f:
    d = json.loads(f.read().decode("utf-8", "strict"))
sys.stdout.write(d["findings"][0][sys.argv[2]])' "$1" "$2"
}
# check NAME SPEC WANT-MESSAGE-PART WANT-PATH: the JSON of --check (in
# SPEC's name with .out.json) is strict JSON, its first finding's message
# holds WANT-MESSAGE-PART and its path is WANT-PATH; the text format's line
# holds the same message.
check() {
    local msg path out=${2%.json}.out.json
    "$MLPTRAIN" --check --format json -c "$2" >"$out" 2>err.txt || { bad "$1: --check failed: $(cat err.txt)"; return; }
    if ! msg=$(field "$out" message 2>err.txt); then
        bad "$1: not strict UTF-8 JSON: $(tail -1 err.txt)"
        return
    fi
    case $msg in
    *"$3"*) ok ;;
    *) bad "$1: message $msg, want it to hold $3" ;;
    esac
    path=$(field "$out" path)
    [ "$path" = "$4" ] && ok || bad "$1: path $path, want $4"
    "$MLPTRAIN" --check -c "$2" >text.txt 2>&1
    grep -qF "$msg" text.txt && ok || bad "$1: the text format does not say $msg: $(cat text.txt)"
}
# A Latin-1 name: byte B0 (the degree sign) is the text "\xb0" in JSON.
constant_csv l1.csv $'temp\xb0C' l1.json
check "Latin-1 name" l1.json 'column "temp\xb0C" has the value 5 in every row' l1.csv
# A path with byte FF (no UTF-8 byte): the folder of the spec, which
# names its data relative to it (a spec is UTF-8 JSON, so cannot hold FF).
mkdir $'d\xff' && cd $'d\xff' && constant_csv t.csv temp ff.json && cd .. || bad "making d\\xff"
check "path not UTF-8" $'d\xff/ff.json' 'column "temp" has the value 5' 'd\xff/t.csv'
# Valid UTF-8 in the name and the path is written as it is, not escaped.
constant_csv 'données.csv' 'température' u8.json
check "UTF-8 name" u8.json 'column "température" has the value 5' 'données.csv'
grep -qF '"path": "données.csv"' u8.out.json && grep -qF 'column \"température\"' u8.out.json \
    && ok || bad "UTF-8 name: not written as it is: $(cat u8.out.json)"
# docs/diagnostics.md, where the JSON is described, says so (it did not);
# its lines joined, as the sentence wraps.
tr '\n' ' ' <"$ROOT/docs/diagnostics.md" \
    | grep -qF 'not valid UTF-8 in a name or path (a Latin-1 column name) is written as the four characters `\xNN`' \
    && ok || bad "docs/diagnostics.md does not say how --check's JSON writes a byte that is not UTF-8"
finish
