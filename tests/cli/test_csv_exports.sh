#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CSV files as other tools write them (docs/csv.md, "Files other tools
# write"), end to end: each is read, or refused at its file:line:col with
# the command that converts it, from a file and through a pipe alike.
. "$(dirname "$0")/lib.sh" csv_exports "$@"
export OPENBLAS_NUM_THREADS=1
# spec NAME TRAIN [DATA-KEYS]: a 2-input XOR spec reading TRAIN.
spec() {
    printf '{"layers": [2, 4, 1], "activations": ["tanh", "sigmoid"], "loss": "binary_cross_entropy", "epochs": 5, "seed": 1, "data": {"train": "%s"%s}}\n' "$2" "${3:-}" >"$1"
}
# expect NAME WANT-STDERR COMMAND ARGS... (stdin from in.txt): exit 2,
# exactly WANT-STDERR, neither w.bin nor l.csv written (lib.sh's
# error_writes_none).
: >in.txt
expect() { error_writes_none "$1" "$2" w.bin l.csv -- "${@:3}"; }

# 1. CR-only line ends: the whole file was one line ("10 feature columns").
printf 'a,b,y\r0,0,0\r0,1,1\r1,0,1\r1,1,0\r' >mac.csv
spec mac.json mac.csv
cr="line ends are CR only (no LF after the CR, as classic Mac OS and some Excel exports write them), so the file would be read as one line; mlp reads LF or CRLF line ends; convert it first, for example with tr '\\r' '\\n' < FILE > FILE-lf.csv"
expect "CR-only" "mlptrain: mac.csv:1:6: $cr" "$MLPTRAIN" -q -c mac.json -w w.bin -o l.csv
spec pipe.json -
cp mac.csv in.txt
expect "CR-only, piped" "mlptrain: <stdin>:1:6: $cr" "$MLPTRAIN" -q -c pipe.json -w w.bin -o l.csv
: >in.txt
# converted as the hint says, it trains
tr '\r' '\n' <mac.csv >mac-lf.csv
spec lf.json mac-lf.csv
"$MLPTRAIN" -q -c lf.json -w m.bin -o m.csv 2>err.txt && ok || bad "converted file: $(cat err.txt)"

# 2. Excel's "sep=;" line: refused at the ";" of line 1 as "separated by
#    semicolons", and "sep=," as a header of 2 columns over rows of 3.
printf 'sep=;\nx1;x2;y\n0;0;0\n0;1;1\n' >excel.csv
spec excel.json excel.csv
expect "sep=;" "mlptrain: excel.csv:1:1: the first line is Excel's separator line \"sep=;\" (the file is separated by semicolons), not a row of data; mlp reads comma-separated files with decimal points and no such line; convert it first, for example with sed 1d FILE | tr ';' ',' > FILE-commas.csv (when no value holds a comma), or with sed 1d FILE | tr ',;' '.,' > FILE-commas.csv where numbers have decimal commas (0,5)" \
    "$MLPTRAIN" -q -c excel.json -w w.bin -o l.csv
printf 'sep=,\nx1,x2,y\n0,0,0\n0,1,1\n' >in.txt
expect "sep=, piped" "mlptrain: <stdin>:1:1: the first line is Excel's separator line \"sep=,\" (the file is separated by commas), not a row of data; remove that line, for example with sed 1d FILE > FILE-data.csv" \
    "$MLPTRAIN" -q -c pipe.json -w w.bin -o l.csv
: >in.txt
sed 1d excel.csv | tr ';' ',' >excel-commas.csv
spec commas.json excel-commas.csv
"$MLPTRAIN" -q -c commas.json -w m.bin -o m.csv 2>err.txt && ok || bad "converted sep=; file: $(cat err.txt)"

# 3. Columns without a name (pandas' index, a trailing comma): two of them
#    were "duplicate column name \"\"". Where a run reads one it says which
#    column has no name; "features" leaves them unread.
printf ',x1,x2,y,\n0,0,0,0,\n1,0,1,1,\n2,1,0,1,\n3,1,1,0,\n' >unnamed.csv
spec unnamed.json unnamed.csv
expect "unnamed columns" "mlptrain: unnamed.csv:1:1: column 1 of 5 has no name in the header row; pandas' to_csv writes its row index as an unnamed first column; write the file with to_csv(..., index=False), or list the columns to read in \"features\"" \
    "$MLPTRAIN" -q -c unnamed.json -w w.bin -o l.csv
spec unnamed.json unnamed.csv ', "features": ["x1", "x2"], "targets": ["y"]'
"$MLPTRAIN" -q -c unnamed.json -w m.bin -o m.csv 2>err.txt && ok || bad "unnamed columns not read: $(cat err.txt)"
"$MLPPREDICT" m.bin unnamed.csv >p.csv 2>err.txt && [ "$(wc -l <p.csv)" = 5 ] && ok \
    || bad "predicting from unnamed.csv: $(cat err.txt)"
rm -f p.csv

# 4. pandas' to_csv(index=False) of an unnamed frame: a header of numbers,
#    0,1,2, read as data ("\"targets\" names column \"2\" but ... has no
#    header row"). Named by the spec, then by the model, it is the header.
printf '0,1,2\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' >pandas.csv
spec pandas.json pandas.csv ', "features": ["0", "1"], "targets": ["2"], "validation": "pandas.csv"'
"$MLPTRAIN" -q -c pandas.json -w m.bin -o m.csv 2>err.txt && ok || bad "header of numbers: $(cat err.txt)"
"$MLPPREDICT" m.bin pandas.csv >p.csv 2>err.txt && [ "$(wc -l <p.csv)" = 5 ] && ok \
    || bad "predicting from pandas.csv: $(cat err.txt) $(cat p.csv)"
# mlpplot reads the table as mlppredict does (mlp_schema_read_csv): the
# header is no row of data, whose "2" would be no label of the model.
LSAN_OPTIONS="suppressions=$ROOT/tests/plot/lsan.supp:print_suppressions=0" \
    "$(dirname "$MLPTRAIN")/mlpplot" surface m.bin pandas.csv -o s.png 2>err.txt && [ -s s.png ] && ok \
    || bad "plotting pandas.csv: $(cat err.txt)"
# its columns by name, in another order, with an index column
printf ',2,1,0\n0,0,0,0\n1,1,1,0\n' >pandas-index.csv
"$MLPPREDICT" m.bin pandas-index.csv >p.csv 2>err.txt && [ "$(wc -l <p.csv)" = 3 ] && ok \
    || bad "predicting from pandas-index.csv: $(cat err.txt) $(cat p.csv)"
rm -f p.csv

# 5. A header saved in Latin-1: the spec's "café" (UTF-8) matched nothing
#    and the run said only 'no column "café"'. Trained without names it
#    still works (the names are kept as bytes).
printf 'caf\xe9,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' >latin1.csv
spec latin1.json latin1.csv ', "features": ["café", "x2"]'
expect "Latin-1 header" "mlptrain: latin1.csv:1:4: the file is not UTF-8 (byte E9 in the name of column 1, \"caf\\xe9\"), and no column is named \"café\"; mlp reads UTF-8 (or plain ASCII); convert it first, for example with iconv -f latin1 -t utf-8 FILE > FILE-utf8.csv" \
    "$MLPTRAIN" -q -c latin1.json -w w.bin -o l.csv
iconv -f latin1 -t utf-8 latin1.csv >latin1-utf8.csv
spec utf8.json latin1-utf8.csv ', "features": ["café", "x2"]'
"$MLPTRAIN" -q -c utf8.json -w m.bin -o m.csv 2>err.txt && ok || bad "converted Latin-1 file: $(cat err.txt)"
spec latin1.json latin1.csv
"$MLPTRAIN" -q -c latin1.json -w m.bin -o m.csv 2>err.txt && ok || bad "Latin-1 names by position: $(cat err.txt)"
finish
