#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's quick start: build, train the 2-4-1 XOR network, then predict
# the four XOR rows with the weights it wrote (xor.weights.bin in the repo root).
#   usage: scripts/example.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/usage.sh"
case ${1-} in
    -h | --help) usage; exit 0 ;;
esac
[ $# -eq 0 ] || usage_unknown "$1"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/build.sh
build/mlptrain --config configs/xor.json
build/mlppredict xor.weights.bin data/xor.csv
