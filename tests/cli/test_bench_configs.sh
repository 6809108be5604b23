#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_bench_configs.sh: the configs the benchmark scripts ship are valid, so a
# broken one fails here and not minutes into a benchmark. Every
# configs/proben1/<set>.json passes `mlptrain --check` on its own data with no
# error, and the 16 sets of scripts/proben1.sh and the configs are the same;
# every configs/sklearn/<set>.json (whose data scripts/sklearn_compare.sh writes
# with scikit-learn, not needed here) passes it on a stand-in file with the
# columns its spec names. The benchmark runs themselves are not tests
# (docs/benchmarks.md). Also the option errors of both scripts.
. "$(dirname "$0")/lib.sh" bench_configs "$@"

# --check prints one line per finding and a closing line; exit 0 means
# nothing stops training. Warnings are allowed (a benchmark set may have
# constant columns), errors are not.
check_config() {
    local cfg=$1 out rc
    out=$("$MLPTRAIN" --check -c "$cfg" 2>&1)
    rc=$?
    [ "$rc" = 0 ] && ok || bad "$cfg: mlptrain --check exited $rc: $out"
    grep -qE '^check: (no problems found|0 errors, [0-9]+ warnings?)$' <<< "$out" && ok \
        || bad "$cfg: mlptrain --check did not end in a clean verdict: $out"
}

n=0
for cfg in "$ROOT"/configs/proben1/*.json; do
    check_config "$cfg"
    n=$((n + 1))
done
[ "$n" = 16 ] && ok || bad "configs/proben1 holds $n configs, not the 16 PROBEN1 sets"

# The sets the suite runs, from its own list, each with a config and data.
sets=$(sed -n '/^    sets=(abelone bank32fm bank32nh/,/)$/p' "$ROOT/scripts/proben1.sh" | tr -d '()' | sed 's/sets=//' | xargs)
[ "$(wc -w <<< "$sets")" = 16 ] && ok || bad "scripts/proben1.sh lists \"$sets\", not 16 sets"
for set in $sets; do
    [ -f "$ROOT/configs/proben1/$set.json" ] && [ -f "$ROOT/data/proben1/$set.train.csv" ] \
        && [ -f "$ROOT/data/proben1/$set.test.csv" ] && ok \
        || bad "scripts/proben1.sh runs $set, which lacks its config or data"
done

# The scikit-learn configs, each on a stand-in training file with the inputs
# x1..xN and the target column its spec names: integer labels 0..K-1 for a
# softmax output with K units (every class on 10 rows), numbers otherwise.
n=0
for cfg in "$ROOT"/configs/sklearn/*.json; do
    name=$(basename "$cfg" .json)
    grep -q "\"train\": \"../../bench/out/sklearn/$name.train.csv\"" "$cfg" && ok \
        || bad "$cfg does not read bench/out/sklearn/$name.train.csv, where scripts/sklearn_compare.sh writes it"
    /usr/bin/python3 - "$cfg" "$WORK/$name.json" "$WORK/$name.train.csv" <<'EOF'
import json, random, sys
spec = json.load(open(sys.argv[1]))
n_in, n_out = spec["layers"][0], spec["layers"][-1]
target = spec["data"]["targets"][0]
labels = spec["activations"][-1] == "softmax"
rng = random.Random(1)
with open(sys.argv[3], "w") as f:
    f.write(",".join([f"x{j + 1}" for j in range(n_in)] + [target]) + "\n")
    for i in range(10 * n_out if labels else 40):
        y = str(i % n_out) if labels else repr(rng.uniform(25, 350))
        f.write(",".join([repr(rng.gauss(0, 1)) for _ in range(n_in)] + [y]) + "\n")
spec["data"]["train"] = sys.argv[3]
json.dump(spec, open(sys.argv[2], "w"))
EOF
    check_config "$WORK/$name.json"
    n=$((n + 1))
done
[ "$n" = 5 ] && ok || bad "configs/sklearn holds $n configs, not the 5 sets of scripts/sklearn_compare.py"

# Option errors: one line, exit 2, before anything runs.
expect_usage() {
    local want=$1 out rc
    shift
    out=$("$@" 2>&1)
    rc=$?
    [ "$rc" = 2 ] && [ "$out" = "$want" ] && ok || bad "$* printed \"$out\" (exit $rc), not \"$want\" (exit 2)"
}
expect_usage "proben1.sh: --folds is for --holdout; try 'scripts/proben1.sh --help'" \
    bash "$ROOT/scripts/proben1.sh" --folds 5
expect_usage "proben1.sh: --configs is for --holdout: the test files judge the shipped configs only; try 'scripts/proben1.sh --help'" \
    bash "$ROOT/scripts/proben1.sh" --configs "$WORK"
expect_usage "proben1.sh: --folds needs a whole number from 1 to 99, not \"0\"; try 'scripts/proben1.sh --help'" \
    bash "$ROOT/scripts/proben1.sh" --holdout --folds 0
expect_usage "sklearn_compare.sh: --seeds needs a whole number from 1 to 99, not \"x\"; try 'scripts/sklearn_compare.sh --help'" \
    bash "$ROOT/scripts/sklearn_compare.sh" --seeds x
expect_usage "proben1.sh: --committee needs a whole number from 1 to 99, not \"0\"; try 'scripts/proben1.sh --help'" \
    bash "$ROOT/scripts/proben1.sh" --committee 0
expect_usage "sklearn_compare.sh: --configs is for --holdout: the test splits judge the shipped configs only; try 'scripts/sklearn_compare.sh --help'" \
    bash "$ROOT/scripts/sklearn_compare.sh" --configs "$WORK"
expect_usage "sklearn_compare.sh: --holdout needs a whole number from 2 to 99, not \"1\"; try 'scripts/sklearn_compare.sh --help'" \
    bash "$ROOT/scripts/sklearn_compare.sh" --holdout 1
# A folder named relative to where the script is started is found there (both
# scripts move to the repository; they used to look for it there and say it
# was not a folder).
mkdir -p rel
expect_usage "proben1.sh: --configs is for --holdout: the test files judge the shipped configs only; try 'scripts/proben1.sh --help'" \
    bash "$ROOT/scripts/proben1.sh" --configs rel
expect_usage "sklearn_compare.sh: --configs is for --holdout: the test splits judge the shipped configs only; try 'scripts/sklearn_compare.sh --help'" \
    bash "$ROOT/scripts/sklearn_compare.sh" --configs rel
# --help prints the whole comment block: from the first line of the description
# to the last line before the code.
for script in proben1.sh sklearn_compare.sh; do
    help=$(bash "$ROOT/scripts/$script" --help)
    first=$(sed -n '3p' "$ROOT/scripts/$script" | sed 's/^# //')
    last=$(sed -n '/^set -euo pipefail/{x;p;q}; h' "$ROOT/scripts/$script" | sed 's/^# //')
    [ "$(head -1 <<< "$help")" = "$first" ] && [ "$(tail -1 <<< "$help")" = "$last" ] && ok \
        || bad "$script --help does not print its comment block from \"$first\" to \"$last\""
done

finish
