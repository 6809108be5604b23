#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A plateau at the rows' floor under mpirun (docs/diagnostics.md,
# loss-plateau): no process holds every row, and a group of rows with the
# same inputs split over the processes loses some of its spread, so no
# floor is taken there. tests/cli/test_noise_floor.sh's noisy rows, fitted
# to their floor 0.09, were told on 2 processes "training is stuck, likely
# in a local minimum; ... try another --seed": no seed helps at a floor.
# The plateau names both causes and how one process tells them apart.
# Skipped (exit 77) when mlptrain was built without MPI.
. "$(dirname "$0")/lib.sh" mpi_noise_floor "$@"
. "$ROOT/tests/cli/mpi_lib.sh"

# test_noise_floor.sh's rows: 9 inputs, each twice at x^2/4 + 0.3 and
# twice at x^2/4 - 0.3: the floor is 0.09.
{
    echo "x,y"
    for x in -2 -1.5 -1 -0.5 0 0.5 1 1.5 2; do
        for d in 0.3 -0.3 0.3 -0.3; do
            awk -v x="$x" -v d="$d" 'BEGIN { printf "%g,%g\n", x, x * x / 4 + d }'
        done
    done
} > noisy.csv
printf '{"layers":[1,8,1],"activations":["tanh","linear"],"loss":"mse","optimizer":{"name":"adam"},"learning_rate":0.01,"epochs":2000,"data":{"train":"noisy.csv","targets":["y"],"normalize":"standard"}}' > noisy.json

for n in 2 3; do
    mpi $n -c noisy.json --progress none -w n.bin -o n.csv 2> n.err \
        || bad "noisy run on $n ranks failed: $(cat n.err)"
    last=$(tail -n 1 n.csv | cut -d, -f2)
    awk -v l="$last" 'BEGIN { exit !(l >= 0.09 && l <= 0.0909) }' && ok \
        || bad "$n ranks: the run must fit the floor 0.09, ended at $last"
    plateau=$(grep '^mlptrain: warning: the loss has stayed at' n.err)
    case "$plateau" in
    *": training is stuck, in a local minimum or at the floor of rows that share their inputs with rows of other targets, which the processes of mpirun, each holding a share of the rows, cannot measure; mlptrain --check on this config, in one process, finds such rows (conflicting-duplicates), and a run in one process measures their floor; where there are none, it is a local minimum")
        ok ;;
    *) bad "$n ranks: the plateau must name the floor beside a local minimum: $(cat n.err)" ;;
    esac
    grep -qE -- '--seed|--restarts' n.err && bad "$n ranks: no seed advice where the floor is unknown: $(cat n.err)" || ok
done

finish
