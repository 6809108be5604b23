#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Generates the pictures of docs/plots.md into docs/images/: trains
# configs/moons.json and configs/xor.json (and moons with a validation split
# and early stopping, for the validation and refit curves) into a temporary
# folder and draws each run's loss, decision surface and hidden units with
# build/mlpplot; trains the PROBEN1 regression configs/proben1/building.json
# and draws its predictions on the test file against the targets (fit);
# trains the sine wave of docs/plots.md (1 input) and draws its curve;
# trains moons with Adam and draws its loss log beside moons' own.
# Builds first when build/mlpplot is missing. BUILD_DIR takes the programs
# from another build folder (one of your own while others use build/).
#   usage: scripts/plots.sh [BUILD_DIR]
set -euo pipefail
# awk writes the sine wave's CSV with a '.' only in the C locale (not "0,5").
export LC_ALL=C
. "$(dirname "${BASH_SOURCE[0]}")/usage.sh"
case ${1-} in
    -h | --help) usage; exit 0 ;;
    -?*) usage_unknown "$1" ;;
esac
[ $# -le 1 ] || usage_unknown "$2"
[ $# -eq 0 ] || [ -d "$1" ] || usage_error "BUILD_DIR \"$1\" is not a folder"
bin=${1:+$(realpath -- "$1")} # before the cd: BUILD_DIR is relative to where it was given
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -z "$bin" ]; then
    bin=$(pwd)/build
    [ -x build/mlpplot ] || bash scripts/build.sh
fi
[ -x "$bin/mlpplot" ] || { echo "plots.sh: no $bin/mlpplot; build it first" >&2; exit 2; }
root=$(pwd)
out=$root/docs/images
work=$(mktemp -d /tmp/mlp-plots.XXXXXX)
trap 'rm -rf -- "$work"' EXIT
mkdir -p "$out"

train() { # train NAME CONFIG
    "$bin/mlptrain" -q -c "$2" -w "$work/$1.weights.bin" -o "$work/$1.loss.csv"
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
    "$bin/mlpplot" loss "$work/$run.loss.csv" -o "$out/$run-loss.png"
    "$bin/mlpplot" surface "$work/$run.weights.bin" "$data" -o "$out/$run-surface.png"
    "$bin/mlpplot" units "$work/$run.weights.bin" "$data" -o "$out/$run-units.png"
done
"$bin/mlpplot" loss "$work/moons-early-stopping.loss.csv" -o "$out/moons-early-stopping-loss.png"
# docs/plots.md, "Comparing runs": moons with Adam at 0.01 against moons.
sed -e 's|"learning_rate": 0.5|"optimizer": {"name": "adam"}, "learning_rate": 0.01|' \
    -e "s|\"../data/moons.csv\"|\"$root/data/moons.csv\"|" configs/moons.json > "$work/moons-adam.json"
train moons-adam "$work/moons-adam.json"
"$bin/mlpplot" loss "$work/moons.loss.csv" "$work/moons-adam.loss.csv" -o "$out/moons-compare-loss.png"
train building configs/proben1/building.json
"$bin/mlpplot" fit "$work/building.weights.bin" data/proben1/building.test.csv -o "$out/building-fit.png"
# The 1-input example of docs/plots.md, "A 1-input model: its curve".
awk 'BEGIN { print "t,s"; for (i = 0; i <= 60; i++) printf "%g,%g\n", i / 10 - 3, sin(i / 10 - 3) }' > "$work/wave.csv"
printf '{"layers": [1, 16, 1], "activations": ["tanh", "linear"], "loss": "mse", "optimizer": {"name": "adam"}, "learning_rate": 0.01, "epochs": 3000, "data": {"train": "wave.csv", "targets": ["s"]}}' > "$work/wave.json"
train wave "$work/wave.json"
"$bin/mlpplot" surface "$work/wave.weights.bin" "$work/wave.csv" -o "$out/wave-curve.png"
ls -l "$out"
