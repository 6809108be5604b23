#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's quick start: build, train the 2-4-1 XOR network, then predict
# the four XOR rows with the weights it wrote (xor.weights.bin in the repo root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/build.sh
build/mlptrain --config configs/xor.json
build/mlppredict xor.weights.bin data/xor.csv
