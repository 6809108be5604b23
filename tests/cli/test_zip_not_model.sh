#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Only numpy's .npz (a zip archive whose first member is an .npy array) is
# a model (docs/numpy.md); any other zip archive, an .xlsx workbook or a
# .zip of notes, is not. Every zip was taken for one by its "PK\3\4": `mlptrain
# -c book.xlsx` said "book.xlsx is a trained model, not a spec: predict with
# mlppredict book.xlsx ...", advice that failed when followed; `mlpplot loss
# book.xlsx` said "a trained model, not a loss log" over the CSV reader's
# "the file is a zip archive ..., not CSV text"; `mlppredict` read it as an
# .npz holding an array "[Content_Types].xml", and it and `mlpplot surface`,
# given the arguments swapped, said the workbook was the model to give first.
# Usage: test_zip_not_model.sh MLPTRAIN MLPPREDICT
. "$(dirname "$0")/lib.sh" zip_not_model "$@"
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot
export LSAN_OPTIONS="suppressions=$ROOT/tests/plot/lsan.supp:print_suppressions=0"

# A workbook's first members (stored, as numpy stores its arrays) and a zip of a text note.
/usr/bin/python3 - << 'PY'
import zipfile
with zipfile.ZipFile("book.xlsx", "w") as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", "<workbook/>")
with zipfile.ZipFile("notes.zip", "w") as z:
    z.writestr("notes.txt", "trained on Monday")
PY
cp "$ROOT/data/xor.csv" xor.csv

# expect NAME WANT COMMAND ARGS...: exit status 2, exactly WANT on stderr.
expect() {
    local name=$1 want=$2
    shift 2
    "$@" > out.txt 2> err.txt
    error_is "$name" 2 "$want" $? "$(cat err.txt)" && ok
}
not_model='not an mlp weights file; this is a zip archive (as an .xlsx or .ods workbook is), not a model; give a file written by mlptrain --weights, or an .npz written by numpy.savez (docs/numpy.md)'
for f in book.xlsx notes.zip; do
    # The spec reader's own words for a file that is no JSON, no advice to predict with it.
    expect "mlptrain -c $f" \
        "mlptrain: $f:1:1: invalid JSON: expected a value, found \"PK\"; a value is a number, a \"string\", true, false, null, [...] or {...}" \
        "$MLPTRAIN" -c "$f"
    expect "mlpplot loss $f" \
        "mlpplot: $f:1:1: the file is a zip archive (as an .xlsx or .ods workbook is), not CSV text; save the sheet as CSV (comma-separated) from the spreadsheet, or unzip $f" \
        "$MLPPLOT" loss "$f" -o loss.png
    [ ! -e loss.png ] && ok || bad "mlpplot loss $f drew loss.png"
    expect "mlppredict $f" "mlppredict: $f: $not_model" "$MLPPREDICT" "$f" xor.csv
    # The arguments swapped: the CSV is no model, and the zip is not called one.
    expect "mlppredict xor.csv $f" \
        "mlppredict: xor.csv: not an mlp weights file; give a file written by mlptrain --weights" \
        "$MLPPREDICT" xor.csv "$f"
    expect "mlpplot surface xor.csv $f" \
        "mlpplot: xor.csv: not an mlp weights file; give a file written by mlptrain --weights" \
        "$MLPPLOT" surface xor.csv "$f" -o surface.png
done

# numpy's .npz is still a model: the advice names it, and followed, predicts.
"$MLPTRAIN" -q -c "$ROOT/configs/xor.json" -w xor.bin -o xor.loss.csv \
    && "$MLPPREDICT" --export xor.npz xor.bin || { bad "training and export failed"; finish; }
"$MLPTRAIN" -c xor.npz 2> err.txt
grep -qF 'xor.npz is a trained model, not a spec: predict with mlppredict xor.npz DATA.csv' err.txt \
    && ok || bad "mlptrain -c xor.npz: $(cat err.txt)"
"$MLPPREDICT" xor.npz xor.csv > out.txt && [ "$(wc -l < out.txt)" = 5 ] && ok \
    || bad "mlppredict xor.npz: $(cat out.txt)"

finish
