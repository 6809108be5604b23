#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An option of mlppredict or mlpplot that takes a value, given twice, is
# refused (exit 2, naming the option and both values, nothing written), as
# mlptrain's is (test_option_twice.sh): both were last-wins, so
# `mlppredict m.bin xor.csv -o a.csv -o b.csv` wrote b.csv alone and
# `mlpplot loss l.csv -o a.png -o b.png` drew b.png alone. Each command of a
# table works with either value alone; each table is checked against the
# options the program's --help lists with a value, so that a new option is
# tried too. A flag (mlppredict --evaluate) given twice is taken.
# mlpplot is the program beside mlptrain.
# Usage: test_option_twice_tools.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" option_twice_tools "$@"
export OPENBLAS_NUM_THREADS=1
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
export LSAN_OPTIONS="suppressions=$ROOT/tests/plot/lsan.supp:print_suppressions=0"
cp "$ROOT/data/xor.csv" xor.csv
printf '{"layers": [2, 3, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 5,
 "data": {"train": "xor.csv"}}\n' > s.json
"$MLPTRAIN" -q -c s.json -w m.bin -o l.csv || bad "training the model failed"
: > in.txt
outputs=(a.csv b.csv p.csv g.csv a.npz b.npz a.png b.png s.png l.png)

# OPTION|FIRST|SECOND|REST: the run `PROG OPTION FIRST OPTION SECOND REST`,
# then, where the option has a letter, `PROG -L FIRST REST OPTION=SECOND`
# (the same option however written); REST makes the run one that works with
# either value alone, and names its output unless the option does.
predict_rows=(
    "--output|a.csv|b.csv|m.bin xor.csv"
    "--grid|0:1:3,0:1:3|-1:2:4,-1:2:4|-o g.csv m.bin"
    "--export|a.npz|b.npz|m.bin"
    "--threads|1|2|-o p.csv m.bin xor.csv"
)
plot_rows=(
    "--output|a.png|b.png|loss l.csv"
    "--range|0:1,0:1|-1:2,-1:2|--resolution 20 -o s.png surface m.bin xor.csv"
    "--resolution|20|30|-o s.png surface m.bin xor.csv"
    "--size|400x300|500x400|-o a.png loss l.csv"
)

# check_table PROG BINARY ROW...: the table of PROG against its --help, then
# each row: either value alone works, both are refused and write nothing.
check_table() {
    local prog=$1 bin=$2 row opt first second rest short v want valued
    shift 2
    "$bin" --help > help.txt
    # The options --help lists with a value ("-o, --output FILE", "--size WxH").
    valued=$(grep -oE -- '^ +(-[a-z], )?--[a-z-]+ [A-Z]' help.txt | grep -oE -- '--[a-z-]+' | sort)
    [ "$(printf '%s\n' "$@" | cut -d'|' -f1 | sort)" = "$valued" ] && ok \
        || bad "$prog: the table's options differ from those --help lists with a value: $valued"
    for row in "$@"; do
        IFS='|' read -r opt first second rest <<< "$row"
        short=$(grep -oE -- "^ +-[a-z], $opt " help.txt | grep -oE -- '^ +-[a-z]' | tr -d ' ')
        # shellcheck disable=SC2086
        {
            for v in "$first" "$second"; do
                timeout 60 "$bin" "$opt" "$v" $rest > /dev/null 2> err.txt && ok \
                    || bad "$prog $opt $v alone failed: $(cat err.txt)"
                rm -f "${outputs[@]}"
            done
            want="$prog: $opt is given twice, \"$first\" and \"$second\"; keep one of them"
            error_writes_none "$prog $opt twice" "$want" "${outputs[@]}" -- \
                timeout 60 "$bin" "$opt" "$first" "$opt" "$second" $rest
            rm -f "${outputs[@]}"
            if [ -n "$short" ]; then
                error_writes_none "$prog $short then $opt=" "$want" "${outputs[@]}" -- \
                    timeout 60 "$bin" "$short" "$first" $rest "$opt=$second"
                rm -f "${outputs[@]}"
            fi
        }
    done
}
check_table mlppredict "$MLPPREDICT" "${predict_rows[@]}"
check_table mlpplot "$MLPPLOT" "${plot_rows[@]}"

# A flag given twice says the same as once: taken.
"$MLPPREDICT" m.bin xor.csv --evaluate --evaluate -o p.csv 2> err.txt && [ -s p.csv ] \
    && grep -q ', accuracy ' err.txt && ok || bad "--evaluate --evaluate: $(cat err.txt)"
finish
