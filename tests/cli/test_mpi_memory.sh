#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Memory under mpirun (docs/scaling.md, "What each rank reads and holds"):
# each rank reads and holds its part of the training CSV only, so on 2
# ranks a rank's peak memory for the data is about half of one process's.
# Measured as the peak resident set (ru_maxrss of the process, taken by a
# wrapper) on a W5-sized file (100,000 rows x 32 features + target, 27 MB),
# less the peak of the same run on a 3-row file (the program, BLAS, MPI and
# its shared memory: what does not grow with the data). The test demands
# rank <= 0.75 x one process; every rank holding the whole file gives about
# 1.0 and fails it. Skipped (exit 77) when mlptrain was built without MPI.
. "$(dirname "$0")/lib.sh" mpi_memory "$@"
. "$ROOT/tests/cli/mpi_lib.sh"

# The peak RSS (KiB) of the command after the file name, into that file
# plus the rank (0 without mpirun): its own children's ru_maxrss.
cat >peak.py <<'PY'
import os, resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
rank = os.environ.get("OMPI_COMM_WORLD_RANK", "0")
with open(f"{sys.argv[1]}.{rank}", "w") as f:
    f.write(f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\n")
sys.exit(rc)
PY
/usr/bin/python3 - <<'PY'
import random
random.seed(5)
with open("big.csv", "w") as f:
    f.write(",".join(f"x{k}" for k in range(32)) + ",y\n")
    row = []
    for i in range(100000):
        xs = [random.gauss(0, 1) for _ in range(32)]
        f.write(",".join(f"{x:.5f}" for x in xs) + f",{sum(xs[:4]):.5f}\n")
with open("tiny.csv", "w") as f:
    f.write(",".join(f"x{k}" for k in range(32)) + ",y\n")
    for i in range(3):
        f.write(",".join(str(i + k) for k in range(33)) + "\n")
PY
for data in big tiny; do
    cat >$data.json <<JSON
{"layers": [32, 16, 1], "activations": ["tanh", "linear"], "loss": "mse",
 "learning_rate": 0.01, "epochs": 2, "seed": 1,
 "data": {"train": "$data.csv", "normalize": "standard"}}
JSON
done
peak() { cat "$1".* | sort -n | tail -1; } # the largest over the ranks
for data in big tiny; do
    /usr/bin/python3 peak.py one.$data "$MLPTRAIN" --threads 1 -c $data.json -w w.bin -o l.csv -q \
        || bad "$data: one process failed"
    "$MLP_MPIEXEC" --oversubscribe -np 2 /usr/bin/python3 peak.py two.$data "$MLPTRAIN" \
        --threads 1 -c $data.json -w w.bin -o l.csv -q || bad "$data: 2 ranks failed"
done
one=$(($(peak one.big) - $(peak one.tiny)))
two=$(($(peak two.big) - $(peak two.tiny)))
echo "data's peak memory: one process $one KiB, a rank of 2 $two KiB (the largest of both)"
[ "$one" -gt 40000 ] && ok || bad "one process held only $one KiB for 27 MB of data: not measured"
[ $((two * 100)) -le $((one * 75)) ] && ok \
    || bad "a rank of 2 holds $two KiB, more than 0.75 x one process's $one KiB"
finish
