#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A model trained without a header reads a file's columns by position
# (docs/csv.md, "Header row"). A file written by pandas' to_csv with its row
# index (an unnamed first column) was read with the index as the first
# feature, every other column shifted by one: XOR predicted 0,1,1,1, exit 0,
# nothing on stderr. It is refused as mlptrain refuses it; a model trained
# with a header matches columns by name and ignores the index; a spec that
# lists "features" trains on such a file and predicts from it.
# Usage: test_by_position.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" by_position "$@"

printf '0,0,0\n0,1,1\n1,0,1\n1,1,0\n' > xnh.csv
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","learning_rate":0.5,"epochs":2000,"seed":42,"init":"xavier","data":{"train":"xnh.csv"}}' > xnh.json
"$MLPTRAIN" -q -c xnh.json && ok || bad "training on xnh.csv"

index_hint="pandas' to_csv writes its row index as an unnamed first column, which this model (trained without a header, reading columns by position) would take for its first feature; write the file with to_csv(..., index=False)"
# expect_refusal NAME CSV WANT-STDERR ARGS...: exit 2, that stderr, no stdout.
expect_refusal() {
    local name=$1 csv=$2 want=$3 out err status
    shift 3
    out=$("$MLPPREDICT" "$@" xnh.weights.bin "$csv" 2> err.txt)
    status=$?
    err=$(cat err.txt)
    error_is "$name" 2 "$want" "$status" "$err" && { [ -z "$out" ] && ok || bad "$name: wrote to stdout: $out"; }
}

printf ',x1,x2\n0,0,0\n1,0,1\n2,1,0\n3,1,1\n' > features.csv      # df[["x1", "x2"]].to_csv()
expect_refusal "index, features only" features.csv \
    "mlppredict: features.csv:1:1: column 1 of 3 has no name in the header row; $index_hint"
printf ',x1,x2,y\n0,0,0,0\n1,0,1,1\n2,1,0,1\n3,1,1,0\n' > all.csv  # df.to_csv()
expect_refusal "index, features and target" all.csv \
    "mlppredict: all.csv:1:1: column 1 of 4 has no name in the header row; $index_hint" --evaluate
expect_refusal "index, -o" features.csv \
    "mlppredict: features.csv:1:1: column 1 of 3 has no name in the header row; $index_hint" -o pred.csv
[ ! -e pred.csv ] && ok || bad "a refused file still wrote pred.csv"

# Without the index, the same rows by position predict XOR.
printf 'x1,x2\n0,0\n0,1\n1,0\n1,1\n' > noindex.csv                # to_csv(index=False)
"$MLPPREDICT" xnh.weights.bin noindex.csv > out.csv 2> err.txt && ok || bad "noindex.csv: $(cat err.txt)"
[ "$(cut -d, -f1 out.csv | tr '\n' ' ')" = "label 0 1 1 0 " ] && ok || bad "noindex.csv predicts $(cat out.csv)"

# Trained with a header: the index matches no name and is not read.
printf 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n' > xh.csv
sed 's/xnh.csv/xh.csv/' xnh.json > xh.json
"$MLPTRAIN" -q -c xh.json && ok || bad "training on xh.csv"
"$MLPPREDICT" xh.weights.bin all.csv > out.csv 2> err.txt && ok || bad "named model on all.csv: $(cat err.txt)"
[ "$(cut -d, -f1 out.csv | tr '\n' ' ')" = "label 0 1 1 0 " ] && ok || bad "named model on all.csv predicts $(cat out.csv)"

# The "features" way round (docs/csv.md): train on the indexed file, predict from it.
printf '{"layers":[2,4,1],"activations":["tanh","sigmoid"],"loss":"binary_cross_entropy","learning_rate":0.5,"epochs":2000,"seed":42,"init":"xavier","data":{"train":"all.csv","features":["x1","x2"]}}' > feat.json
"$MLPTRAIN" -q -c feat.json 2> err.txt && ok || bad "training with \"features\" on all.csv: $(cat err.txt)"
"$MLPPREDICT" feat.weights.bin features.csv > out.csv 2> err.txt && ok || bad "feat model on features.csv: $(cat err.txt)"
[ "$(cut -d, -f1 out.csv | tr '\n' ' ')" = "label 0 1 1 0 " ] && ok || bad "feat model predicts $(cat out.csv)"

finish
