#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mlp "out of the box" against scikit-learn's MLPClassifier / MLPRegressor
# defaults on the small real data sets scikit-learn ships (iris, wine,
# breast_cancer, digits, diabetes): one fixed train/test split per set, written
# to CSV, the same rows for both tools; mlp trains configs/sklearn/<set>.json.
# Prints a Markdown table (docs/benchmarks.md) and keeps results.csv.
#   usage: scripts/sklearn_compare.sh [--seeds N] [--sets A,B,...] [--batch-size B] [--work DIR]
#                                     [--holdout K [--configs DIR]]
#     --seeds N       seeds 1..N for each tool [5]
#     --sets LIST     only these sets, comma-separated
#     --batch-size B  also train mlp's plain config with --batch-size B (with --holdout:
#                     train it so)
#     --work DIR      where the split CSVs, models and results.csv go [bench/out/sklearn,
#                     where the configs read the training files]
#     --holdout K     never reads a test split: K-fold held-out scores of mlp's config on
#                     each set's training split (for choosing the plain config)
#     --configs DIR   with --holdout: the configs <set>.json in DIR [configs/sklearn]
# Needs Debian's python3-sklearn (scripts/install-deps.sh --bench) under
# /usr/bin/python3; uses build/mlptrain and build/mlppredict (built by
# scripts/build.sh when missing), or the programs named by $MLPTRAIN and $MLPPREDICT.
set -euo pipefail
# Paths given on the command line (and $MLPTRAIN, $MLPPREDICT) are the caller's,
# relative to where the script was started, not to the repository it moves to:
# callers (scripts/caller_args.sh).
. "$(dirname "${BASH_SOURCE[0]}")/caller_args.sh"
. "$(dirname "${BASH_SOURCE[0]}")/usage.sh"
die() { usage_error "$@"; }
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pass=()
work=bench/out/sklearn
work_arg=$work
holdout=0
configs=
while [ $# -gt 0 ]; do
    case "$1" in
        --seeds)
            [ $# -ge 2 ] || die "--seeds needs a value"
            [[ "$2" =~ ^[1-9][0-9]?$ ]] || die "--seeds needs a whole number from 1 to 99, not \"$2\""
            pass+=(--seeds "$2")
            shift
            ;;
        --sets)
            [ $# -ge 2 ] || die "--sets needs a comma-separated list of sets"
            [ -n "$2" ] || die "--sets: no set named"
            pass+=(--sets "$2")
            shift
            ;;
        --batch-size)
            [ $# -ge 2 ] || die "--batch-size needs a value"
            [[ "$2" =~ ^[1-9][0-9]{0,6}$ ]] || die "--batch-size needs a whole number from 1, not \"$2\""
            pass+=(--batch-size "$2")
            shift
            ;;
        --holdout)
            [ $# -ge 2 ] || die "--holdout needs a value"
            [[ "$2" =~ ^([2-9]|[1-9][0-9])$ ]] || die "--holdout needs a whole number from 2 to 99, not \"$2\""
            pass+=(--holdout "$2")
            holdout=1
            shift
            ;;
        --configs)
            [ $# -ge 2 ] || die "--configs needs a folder"
            [ -d "$(callers "$2")" ] || die "--configs: \"$2\" is not a folder"
            configs=$(callers "$2")
            shift
            ;;
        --work)
            [ $# -ge 2 ] || die "--work needs a folder"
            [ -n "$2" ] || die "--work needs a folder, not \"\""
            work=$(callers "$2")
            work_arg=$2
            shift
            ;;
        -h|--help) usage; exit 0 ;;
        *) usage_unknown "$1" ;;
    esac
    shift
done

if [ -n "$configs" ]; then
    [ "$holdout" = 1 ] || die "--configs is for --holdout: the test splits judge the shipped configs only"
    pass+=(--configs "$configs")
fi

# The work folder is made before anything is built or run: one that cannot be
# made is a usage error, and nothing is done (it was mkdir's own message, exit
# 1, after the build). It is removed again if scikit-learn is missing.
made=
if [ ! -d "$work" ]; then
    err=$(mkdir -p -- "$work" 2>&1) || die "--work \"$work_arg\": cannot create the folder: ${err##*: }"
    made=$work
fi
/usr/bin/python3 -c 'import sklearn' 2>/dev/null || {
    [ -z "$made" ] || rmdir -- "$made"
    echo "sklearn_compare.sh: scikit-learn is not installed for /usr/bin/python3; install it with" \
        "'scripts/install-deps.sh --bench' (Debian's python3-sklearn)" >&2
    exit 2
}
MLPTRAIN=${MLPTRAIN:+$(callers "$MLPTRAIN")}
MLPPREDICT=${MLPPREDICT:+$(callers "$MLPPREDICT")}
MLPTRAIN=${MLPTRAIN:-build/mlptrain}
MLPPREDICT=${MLPPREDICT:-build/mlppredict}
if [ ! -x "$MLPTRAIN" ] || [ ! -x "$MLPPREDICT" ]; then
    bash scripts/build.sh >&2
fi
# One thread everywhere: mlp's -t 1 and numpy's BLAS for scikit-learn.
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 scripts/sklearn_compare.py \
    --mlptrain "$(realpath "$MLPTRAIN")" --mlppredict "$(realpath "$MLPPREDICT")" \
    --work "$work" "${pass[@]}"
