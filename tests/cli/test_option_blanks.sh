#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A number given to an option is read whole, with no blank before or after
# it (docs/exit-codes.md, MLP_ERR_USAGE). strtol and strtod skip leading
# blanks and stop at trailing ones, so `-e ' 3'` trained 3 epochs while
# `-e '3 '` was refused, and --grid, which checks its text itself, refused
# ' 0:1:3,...'; --lr-scan took ' 1e-3:1e3'. Each is now refused, before and
# after alike (exit 2, the usual message), and the number alone is taken.
# Usage: test_option_blanks.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" option_blanks "$@"
export OPENBLAS_NUM_THREADS=1

# A model of the built-in XOR net for mlppredict --grid.
"$MLPTRAIN" -e 2 -w xor.w -o /dev/null --progress none >/dev/null 2>err.txt \
    && ok || bad "training xor.w: $(cat err.txt)"

# refused OPTION-TEXT VALUE MESSAGE-PART COMMAND ARGS...: COMMAND ARGS
# OPTION-TEXT VALUE exits 2 with one line, the usual message (MESSAGE-PART,
# then `not "VALUE"`), and writes no weights file.
refused() {
    local opt=$1 value=$2 part=$3 rc=0
    shift 3
    rm -f out.w
    "$@" "$opt" "$value" >out.txt 2>err.txt || rc=$?
    [ "$rc" = 2 ] && grep -qF -- "$part" err.txt && grep -qF -- "not \"$value\"" err.txt && [ "$(wc -l <err.txt)" = 1 ] \
        && ! [ -e out.w ] && ok || bad "$opt '$value': exit $rc, $(cat err.txt)"
}
train=("$MLPTRAIN" -w out.w -o /dev/null --progress none)
for v in ' 3' '3 ' $'\t3'; do
    refused -e "$v" "--epochs needs a whole number from 1 to" "${train[@]}"
    refused --seed "$v" "--seed needs a whole number from 0 to" "${train[@]}"
done
for v in ' 0.1' '0.1 '; do
    refused -l "$v" "--learning-rate needs a finite number greater than 0" "${train[@]}"
done
for v in ' 1e-3:1e3' '1e-3: 1e3' '1e-3:1e3: 7'; do
    refused --lr-scan "$v" "--lr-scan needs LO:HI or LO:HI:N" "$MLPTRAIN" --lr-scan-epochs 1
done
for v in ' 0:1:3,0:1:3' '0:1:3, 0:1:3' '0:1:3 ,0:1:3'; do
    refused --grid "$v" "--grid needs XMIN:XMAX:NX,YMIN:YMAX:NY" "$MLPPREDICT" xor.w -o grid.csv
done

# The same numbers without blanks are taken.
"${train[@]}" -e 3 --seed 3 -l 0.1 >/dev/null 2>err.txt && [ -s out.w ] \
    && ok || bad "-e 3 --seed 3 -l 0.1: $(cat err.txt)"
"$MLPTRAIN" --lr-scan 1e-3:1e3:7 --lr-scan-epochs 1 >scan.txt 2>err.txt \
    && grep -q '^learning-rate scan: 7 rates' scan.txt && ok || bad "--lr-scan 1e-3:1e3:7: $(cat err.txt)"
"$MLPPREDICT" xor.w --grid 0:1:3,0:1:3 -o grid.csv 2>err.txt && [ "$(wc -l <grid.csv)" = 10 ] \
    && ok || bad "--grid 0:1:3,0:1:3: $(cat err.txt)"
finish
