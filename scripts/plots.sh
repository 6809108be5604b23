#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Generates the pictures of docs/plots.md into docs/images/: trains
# configs/moons.json and configs/xor.json (and moons with a validation split
# and early stopping, for the validation and refit curves) into a temporary
# folder and draws each run's loss, decision surface and hidden units with
# build/mlpplot; trains the PROBEN1 regression configs/proben1/building.json
# and draws its predictions on the test file against the targets (fit);
# trains the sine wave of docs/plots.md (1 input) and draws its curve.
# Builds first when build/mlpplot is missing.
#   usage: scripts/plots.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[ -x build/mlpplot ] || bash scripts/build.sh
root=$(pwd)
out=$root/docs/images
work=$(mktemp -d /tmp/mlp-plots.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
mkdir -p "$out"

train() { # train NAME CONFIG
    build/mlptrain -q -c "$2" -w "$work/$1.weights.bin" -o "$work/$1.loss.csv"
}
train moons configs/moons.json
train xor configs/xor.json
# moons with a quarter of the rows held out and early stopping with refit.
sed -e 's|"normalize": "standard"|"normalize": "standard", "validation_split": 0.25|' \
    -e 's|"seed": 42,|"seed": 42, "early_stopping": {"patience": 300, "refit": true},|' \
    -e "s|\"../data/moons.csv\"|\"$root/data/moons.csv\"|" configs/moons.json > "$work/moons_es.json"
train moons-early-stopping "$work/moons_es.json"

for run in moons xor; do
    data=data/$run.csv
    build/mlpplot loss "$work/$run.loss.csv" -o "$out/$run-loss.png"
    build/mlpplot surface "$work/$run.weights.bin" "$data" -o "$out/$run-surface.png"
    build/mlpplot units "$work/$run.weights.bin" "$data" -o "$out/$run-units.png"
done
build/mlpplot loss "$work/moons-early-stopping.loss.csv" -o "$out/moons-early-stopping-loss.png"
train building configs/proben1/building.json
build/mlpplot fit "$work/building.weights.bin" data/proben1/building.test.csv -o "$out/building-fit.png"
# The 1-input example of docs/plots.md, "A 1-input model: its curve".
awk 'BEGIN { print "t,s"; for (i = 0; i <= 60; i++) printf "%g,%g\n", i / 10 - 3, sin(i / 10 - 3) }' > "$work/wave.csv"
printf '{"layers": [1, 16, 1], "activations": ["tanh", "linear"], "loss": "mse", "optimizer": {"name": "adam"}, "learning_rate": 0.01, "epochs": 3000, "data": {"train": "wave.csv", "targets": ["s"]}}' > "$work/wave.json"
train wave "$work/wave.json"
build/mlpplot surface "$work/wave.weights.bin" "$work/wave.csv" -o "$out/wave-curve.png"
ls -l "$out"
