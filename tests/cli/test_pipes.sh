#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Pipes and separators: "-" is standard input for --config, --init-weights,
# mlppredict's model and input CSV and a spec's "train", and standard output
# for mlppredict -o and mlptrain's -o (loss log) and -w; the results equal
# those of the same files on disk. Two inputs "-" in one run are refused
# (standard input is read once), naming both. A
# semicolon- or tab-separated file is refused with a message naming its
# separator, never read as one column.
# Usage: test_pipes.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" pipes "$@"
cp "$ROOT/data/xor.csv" "$ROOT/data/moons.csv" .

printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 50, "data": {"train": "%s", "targets": ["y"]}}\n' xor.csv > file.json
printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 50, "data": {"train": "-", "targets": ["y"]}}\n' > stdin.json
"$MLPTRAIN" -q -c file.json -w file.bin -o file.loss.csv && ok || bad "training from the file"

# "train": "-": the same model as from the file, and the loss log on stdout.
"$MLPTRAIN" -q -c stdin.json -w stdin.bin -o - < xor.csv > stdout.loss.csv 2> err.txt \
    && ok || bad "training from stdin: $(cat err.txt)"
[ "$(params file.bin)" = "$(params stdin.bin)" ] && ok || bad "the model trained from stdin differs"
cmp -s file.loss.csv stdout.loss.csv && ok || bad "the loss log on stdout differs: $(head -3 stdout.loss.csv)"
# -w -: the weights file on stdout.
"$MLPTRAIN" -q -c file.json -w - -o /dev/null > piped.bin && ok || bad "-w -"
[ "$(params file.bin)" = "$(params piped.bin)" ] && ok || bad "the weights written to stdout differ"

# --config -: the spec from standard input, read once; data paths relative
# to the current folder. Not together with "train": "-".
"$MLPTRAIN" -q -c - -w spec-stdin.bin -o /dev/null < file.json 2> err.txt && ok || bad "--config -: $(cat err.txt)"
[ "$(params file.bin)" = "$(params spec-stdin.bin)" ] && ok || bad "the model of --config - differs"
"$MLPTRAIN" -q -c - -w keep.bin -o /dev/null < stdin.json > out.txt 2> err.txt
[ $? = 2 ] && [ "$(cat err.txt)" = 'mlptrain: the spec (--config -) and the training data ("train": "-") cannot both come from standard input, which can be read only once; give one of them as a file' ] \
    && [ ! -e keep.bin ] && ok || bad "--config - with \"train\": \"-\": $(cat err.txt)"
printf '{"layers": [2, 1], "bogus": 1}' | "$MLPTRAIN" -q -c - > out.txt 2> err.txt
[ $? = 2 ] && grep -q '^mlptrain: <stdin>:1:20: unknown key "bogus"' err.txt && ok || bad "spec errors name <stdin>: $(cat err.txt)"

# --config - names no file the outputs could be named after: without -w and
# -o (or the spec's "output") the run is refused before it reads the data,
# instead of writing "<stdin>.weights.bin" and "<stdin>.loss.csv".
"$MLPTRAIN" -q -c - < file.json > out.txt 2> err.txt
[ $? = 2 ] && [ "$(cat err.txt)" = 'mlptrain: the spec comes from standard input (--config -), so it has no file name to name the weights and the loss log after; give --weights FILE and --loss-log FILE, or "output" paths in the spec' ] \
    && [ ! -e '<stdin>.weights.bin' ] && [ ! -e '<stdin>.loss.csv' ] && ok || bad "--config - without outputs: $(cat err.txt); $(ls -A)"
"$MLPTRAIN" -q -c - -w named.bin < file.json > out.txt 2> err.txt
[ $? = 2 ] && [ "$(cat err.txt)" = 'mlptrain: the spec comes from standard input (--config -), so it has no file name to name the loss log after; give --loss-log FILE, or "output" paths in the spec' ] \
    && [ ! -e named.bin ] && ok || bad "--config - without -o: $(cat err.txt)"
sed 's/}$/, "output": {"weights": "out.bin", "loss": "out.loss.csv"}}/' file.json > named.json
"$MLPTRAIN" -q -c - < named.json 2> err.txt && [ -s out.bin ] && [ -s out.loss.csv ] && ok \
    || bad "--config - with the spec's output paths: $(cat err.txt)"
# --check answers for that run (test_options.sh has its messages): with both
# outputs named it passes.
"$MLPTRAIN" -q -c - --check -w c.bin -o c.csv < file.json > /dev/null 2> err.txt && [ ! -e c.bin ] \
    && ok || bad "--config - --check: $(cat err.txt)"

# A reader that ends first (| head): SIGPIPE is ignored and the failed write
# told, exit 2; the previous weights stay and no temporary file is left. It
# was: killed by SIGPIPE (141), silent, the weights' temporary file left.
# 20000 epochs: a log far past the pipe's 64 KiB.
printf 'old' > keep.bin
"$MLPTRAIN" -q -c file.json -e 20000 -w keep.bin -o - 2> err.txt | head -c 1 > /dev/null
rc=${PIPESTATUS[0]}
[ "$rc" = 2 ] && [ "$(cat err.txt)" = 'mlptrain: <stdout>: cannot write: Broken pipe; the program reading the pipe ended before it had read everything (a pipe into head?); let it read to the end' ] \
    && ok || bad "mlptrain -o - | head: exit $rc: $(cat err.txt)"
[ "$(cat keep.bin)" = old ] && [ -z "$(find . -name '.*.tmp.*')" ] && ok \
    || bad "mlptrain -o - | head: the weights changed or a temporary file was left: $(ls -A)"
for k in $(seq 5000); do cat xor.csv; done | grep -v x1 | sed '1i x1,x2,y' > big.csv
"$MLPPREDICT" file.bin big.csv 2> err.txt | head -c 1 > /dev/null
rc=${PIPESTATUS[0]}
[ "$rc" = 2 ] && [ "$(cat err.txt)" = 'mlppredict: <stdout>: cannot write: Broken pipe; the program reading the pipe ended before it had read everything (a pipe into head?); let it read to the end' ] \
    && ok || bad "mlppredict | head: exit $rc: $(cat err.txt)"

# mlppredict: input from stdin, output to stdout with -o -.
"$MLPPREDICT" file.bin xor.csv > want.csv
"$MLPPREDICT" file.bin - < xor.csv > got.csv 2> err.txt && cmp -s want.csv got.csv \
    && ok || bad "mlppredict from stdin: $(cat err.txt)"
cat xor.csv | "$MLPPREDICT" file.bin - -o - > got2.csv 2> err.txt && cmp -s want.csv got2.csv \
    && ok || bad "mlppredict from a pipe to -o -: $(cat err.txt)"
ls -a | grep -q '\.tmp\.' && bad "a temporary file was left: $(ls -a)" || ok
# --evaluate's report names the input as every message does: "<stdin>", not "-".
"$MLPPREDICT" --evaluate file.bin xor.csv 2> want.txt > /dev/null
"$MLPPREDICT" --evaluate file.bin - < xor.csv 2> got.txt > /dev/null
[ "$(sed 's/^xor\.csv: /<stdin>: /' want.txt)" = "$(cat got.txt)" ] && grep -q '^<stdin>: 4 rows' got.txt \
    && ok || bad "--evaluate from stdin: $(cat got.txt)"

# Errors name <stdin>.
: | "$MLPPREDICT" file.bin - > out.txt 2> err.txt
[ $? = 2 ] && [ "$(cat err.txt)" = "mlppredict: <stdin>: no data rows; the file is empty; write one example per line, its values separated by commas" ] \
    && ok || bad "empty stdin: $(cat err.txt)"

# Standard input is read once: two inputs "-" in one run are refused before
# either is read, with both named, exit 2 and nothing written. The second
# reader found it empty ("<stdin>: no data rows; the file is empty").
stdin_twice() { # NAME MESSAGE -- COMMAND... (standard input given by the caller)
    local name=$1 want=$2
    shift 3
    rm -f keep.loss.csv out.csv
    printf 'old' > keep.bin
    "$@" > out.txt 2> err.txt
    local rc=$?
    [ "$rc" = 2 ] && [ "$(cat err.txt)" = "$want" ] && ok || bad "$name: exit $rc: $(cat err.txt)"
    [ "$(cat keep.bin)" = old ] && [ ! -e keep.loss.csv ] && [ ! -e out.csv ] && [ ! -s out.txt ] \
        && [ -z "$(find . -name '.*.tmp.*')" ] && ok || bad "$name: something was written"
}
ONCE='cannot both come from standard input, which can be read only once; give one of them as a file'
sed 's/"targets"/"validation": "-", "targets"/' stdin.json > twice.json
stdin_twice '"train" and "validation" both "-"' \
    "mlptrain: the training data (\"train\": \"-\") and the validation data (\"validation\": \"-\") $ONCE" \
    -- "$MLPTRAIN" -q -c twice.json -w keep.bin -o keep.loss.csv < xor.csv
stdin_twice '"train": "-" and --init-weights -' \
    "mlptrain: the training data (\"train\": \"-\") and the initial weights (--init-weights -) $ONCE" \
    -- "$MLPTRAIN" -q -c stdin.json --init-weights - -w keep.bin -o keep.loss.csv < file.bin
stdin_twice '--config - and --init-weights -' \
    "mlptrain: the spec (--config -) and the initial weights (--init-weights -) $ONCE" \
    -- "$MLPTRAIN" -q -c - --init-weights - -w keep.bin -o keep.loss.csv < file.json
stdin_twice 'mlppredict - -' "mlppredict: the model (\"-\") and the input CSV (\"-\") $ONCE" \
    -- "$MLPPREDICT" - - < file.bin
stdin_twice 'mlppredict - - -o' "mlppredict: the model (\"-\") and the input CSV (\"-\") $ONCE" \
    -- "$MLPPREDICT" - - -o out.csv < file.bin
stdin_twice 'a committee model and the input both -' \
    "mlppredict: model 2 of the committee (\"-\") and the input CSV (\"-\") $ONCE" \
    -- "$MLPPREDICT" file.bin - - < file.bin
stdin_twice 'two committee models -' \
    "mlppredict: model 1 of the committee (\"-\") and model 2 of the committee (\"-\") $ONCE" \
    -- "$MLPPREDICT" - - xor.csv -o out.csv < file.bin
# One of them from standard input is fine: --init-weights - continues as
# from the file, and a model from standard input predicts as from the file.
"$MLPTRAIN" -q -c file.json -e 5 --init-weights file.bin -w init-file.bin -o /dev/null \
    && "$MLPTRAIN" -q -c file.json -e 5 --init-weights - -w init-stdin.bin -o /dev/null < file.bin 2> err.txt \
    && [ "$(params init-file.bin)" = "$(params init-stdin.bin)" ] && ok \
    || bad "--init-weights - does not continue as --init-weights FILE: $(cat err.txt)"
"$MLPPREDICT" - xor.csv < file.bin > got.csv 2> err.txt && cmp -s want.csv got.csv && ok \
    || bad "mlppredict with the model from stdin: $(cat err.txt)"
# A weights file from standard input that is none is called <stdin> (it was "-").
"$MLPTRAIN" -q -c file.json --init-weights - -w keep.bin -o /dev/null < xor.csv > out.txt 2> err.txt
[ $? = 2 ] && [ "$(cat err.txt)" = 'mlptrain: <stdin>: not an mlp weights file; give a file written by mlptrain --weights' ] \
    && ok || bad "--init-weights - not a model: $(cat err.txt)"
"$MLPPREDICT" - xor.csv < xor.csv > out.txt 2> err.txt
[ $? = 2 ] && [ "$(cat err.txt)" = 'mlppredict: <stdin>: not an mlp weights file; give a file written by mlptrain --weights' ] \
    && ok || bad "mlppredict - not a model: $(cat err.txt)"
sed 's/\[2, 4, 1\]/[2, 5, 1]/' file.json > wide.json
"$MLPTRAIN" -q -c wide.json --init-weights - -w keep.bin -o /dev/null < file.bin > out.txt 2> err.txt
[ $? = 2 ] && grep -q "^mlptrain: <stdin>: the weights file's network is " err.txt \
    && ok || bad "--init-weights - of another network: $(cat err.txt)"

# --------------------------------------------------------------------------
# Other separators.

expect_refused() { # NAME STATUS MESSAGE -- COMMAND...
    local name=$1 want_status=$2 want=$3
    shift 4
    printf 'old' > keep.bin
    "$@" > out.txt 2> err.txt
    local status=$?
    if ! error_is "$name" "$want_status" "$want" "$status" "$(cat err.txt)"; then
        :
    elif [ "$(cat keep.bin)" != old ] || [ -e keep.loss.csv ]; then
        bad "$name: an output was written"
    else
        ok
    fi
}
tr ',' ';' < xor.csv > semi.csv
tr ',' '\t' < xor.csv > tabs.csv
printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "data": {"train": "semi.csv"}}\n' > semi.json
expect_refused "semicolons in training" 2 \
    "mlptrain: semi.csv:1:3: the first line is separated by semicolons (\";\"), not commas; mlp reads comma-separated files with decimal points; convert it first, for example with tr ';' ',' (when no value holds a comma), or with tr ',;' '.,' where numbers have decimal commas (0,5)" \
    -- "$MLPTRAIN" -q -c semi.json -w keep.bin -o keep.loss.csv
expect_refused "tabs in prediction" 2 \
    "mlppredict: tabs.csv:1:3: the first line is separated by tabs, not commas; mlp reads comma-separated files with decimal points; convert it first, for example with tr '\\t' ',' (when no value holds a comma), or with tr ',\\t' '.,' where numbers have decimal commas (0,5)" \
    -- "$MLPPREDICT" file.bin tabs.csv -o keep.bin
expect_refused "semicolons on stdin" 2 \
    "mlptrain: <stdin>:1:3: the first line is separated by semicolons (\";\"), not commas; mlp reads comma-separated files with decimal points; convert it first, for example with tr ';' ',' (when no value holds a comma), or with tr ',;' '.,' where numbers have decimal commas (0,5)" \
    -- "$MLPTRAIN" -q -c stdin.json -w keep.bin -o keep.loss.csv < semi.csv
# The conversion the hint gives reads back as the original.
tr ';' ',' < semi.csv > back.csv
"$MLPPREDICT" file.bin back.csv | cmp -s - want.csv && ok || bad "the converted file does not predict the same"
# A spreadsheet's file: semicolons and decimal commas. The hint's tr
# command converts both, and the result predicts as the same values do.
printf 'x1;x2;y\n0,0;0,0;0\n0;1,0;1\n1,0;0;1\n1;1;0\n' > euro.csv
expect_refused "semicolons and decimal commas" 2 \
    "mlppredict: euro.csv:1:3: the first line is separated by semicolons (\";\"), not commas; mlp reads comma-separated files with decimal points; convert it first, for example with tr ';' ',' (when no value holds a comma), or with tr ',;' '.,' where numbers have decimal commas (0,5)" \
    -- "$MLPPREDICT" file.bin euro.csv -o keep.bin
tr ',;' '.,' < euro.csv > euro_back.csv
"$MLPPREDICT" file.bin euro_back.csv | cmp -s - want.csv && ok || bad "the converted spreadsheet file does not predict the same"
finish
