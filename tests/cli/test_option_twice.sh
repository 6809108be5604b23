#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An option of mlptrain that takes a value, given twice, is refused (exit 2,
# naming the option and both values, nothing written), as a spec key given
# twice is: it was last-wins, so `-c xor.json -c moons.json --check` checked
# moons.json alone and said "no problems found", and `-e 5 -e 6` trained 6
# epochs. Each command of the table is a run that works with either value
# alone; the table is checked against the options --help lists with a value,
# so that a new option is tried too. A flag (-q, --check) given twice says
# the same thing twice and is taken.
# Usage: test_option_twice.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" option_twice "$@"
export OPENBLAS_NUM_THREADS=1
printf 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' > xor.csv
printf '{"layers": [2, 3, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": %s,
 "data": {"train": "xor.csv"}}\n' 5 > s.json
sed 's/"epochs": 5/"epochs": 7/' s.json > t.json
"$MLPTRAIN" -q -c s.json -w i.bin -o i.csv && "$MLPTRAIN" -q -c s.json -s 2 -w j.bin -o j.csv \
    || bad "training the --init-weights files failed"
rm -f i.csv j.csv
: > in.txt

# OPTION|FIRST|SECOND|REST: the run `OPTION FIRST OPTION SECOND REST`, each
# value given as the help's short letter, then as --long=VALUE where there
# is a letter (the same option however written); REST makes the run one
# that works with either value alone. Its outputs are w.bin and l.csv
# unless the option itself names them.
rows=(
    "--config|s.json|t.json|-w w.bin -o l.csv"
    "--epochs|5|6|-c s.json -w w.bin -o l.csv"
    "--learning-rate|0.1|0.2|-c s.json -w w.bin -o l.csv"
    "--batch-size|2|3|-c s.json -w w.bin -o l.csv"
    "--seed|1|2|-c s.json -w w.bin -o l.csv"
    "--restarts|2|3|-c s.json -w w.bin -o l.csv"
    "--restart-margin|0.1|0.2|-c s.json -r 2 -w w.bin -o l.csv"
    "--weights|a.bin|b.bin|-c s.json -o l.csv"
    "--loss-log|a.csv|b.csv|-c s.json -w w.bin"
    "--init-weights|i.bin|j.bin|-c s.json -w w.bin -o l.csv"
    "--threads|1|2|-c s.json -w w.bin -o l.csv"
    "--progress|none|lines|-c s.json -w w.bin -o l.csv"
    "--tolerance|1e-3|1e-4|--gradcheck -c s.json"
    "--format|text|json|--check -c s.json -w w.bin -o l.csv"
    "--lr-scan|0.1:1|0.01:1|-c s.json --lr-scan-epochs 2"
    "--lr-scan-epochs|2|3|-c s.json --lr-scan 0.1:1"
    "--trace|t1.json|t2.json|-c s.json -w w.bin -o l.csv"
    "--trace-epoch|1|2|-c s.json --trace t1.json -w w.bin -o l.csv"
    "--trace-row|1|2|-c s.json --trace t1.json -w w.bin -o l.csv"
    "--trace-format|json|csv|-c s.json --trace t1.json -w w.bin -o l.csv"
)
outputs=(w.bin l.csv a.bin b.bin a.csv b.csv t1.json t2.json)

"$MLPTRAIN" --help > help.txt
# The options --help lists with a value ("-e, --epochs N", "--trace FILE"),
# and -e for --epochs.
valued=$(grep -oE -- '^ +(-[a-z], )?--[a-z-]+ [A-Z]' help.txt | grep -oE -- '--[a-z-]+' | sort)
short_of() { grep -oE -- "^ +-[a-z], $1 " help.txt | grep -oE -- '^ +-[a-z]' | tr -d ' '; }
[ "$(printf '%s\n' "${rows[@]}" | cut -d'|' -f1 | sort)" = "$valued" ] && ok \
    || bad "the table's options differ from those --help lists with a value: $valued"

for row in "${rows[@]}"; do
    IFS='|' read -r opt first second rest <<< "$row"
    short=$(short_of "$opt")
    # shellcheck disable=SC2086
    {
        # Either value alone works: the run is refused for the repetition.
        for v in "$first" "$second"; do
            "$MLPTRAIN" "$opt" "$v" $rest > /dev/null 2> err.txt && ok \
                || bad "$opt $v alone failed: $(cat err.txt)"
            rm -rf "${outputs[@]}"
        done
        want="mlptrain: $opt is given twice, \"$first\" and \"$second\"; keep one of them"
        error_writes_none "$opt twice" "$want" "${outputs[@]}" -- \
            "$MLPTRAIN" "$opt" "$first" "$opt" "$second" $rest
        rm -rf "${outputs[@]}"
        if [ -n "$short" ]; then
            error_writes_none "$short then $opt=" "$want" "${outputs[@]}" -- \
                "$MLPTRAIN" "$short" "$first" $rest "$opt=$second"
            rm -rf "${outputs[@]}"
        fi
    }
done

# The values are quoted as given, escaped: a control byte cannot recolour
# the terminal.
error_writes_none "escaped values" \
    'mlptrain: --weights is given twice, "a\x1b[31m.bin" and "b.bin"; keep one of them' \
    "${outputs[@]}" $'a\x1b[31m.bin' -- "$MLPTRAIN" -c s.json -w $'a\x1b[31m.bin' -w b.bin -o l.csv

# A flag given twice says the same as once: taken.
rm -f w.bin l.csv
out=$("$MLPTRAIN" -q -q -c s.json -w w.bin -o l.csv 2>&1) && [ -z "$out" ] && [ -s w.bin ] && ok \
    || bad "-q -q: $out"
out=$("$MLPTRAIN" --check --check -c s.json 2>&1) && [ "$out" = "check: no problems found" ] && ok \
    || bad "--check --check: $out"
finish
