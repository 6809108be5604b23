#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_mpi_launcher.sh: which build this mlptrain is, and the build without
# MPI under mpirun (README, "More than one process"). --version says "MPI:
# yes (Open MPI X.Y.Z)" or "MPI: no". Built without MPI (-DMLP_MPI=OFF, as
# the sanitizer build is), started by a launcher that says it started more
# than one process (OMPI_COMM_WORLD_SIZE, PMI_SIZE, a rank above 0), it is
# refused: exit 2, one line, said by rank 0 only, nothing written. It was
# not: each of the N processes trained the whole model alone and wrote the
# same outputs (N summaries, "ranks 1"). This part runs in the build
# without MPI (ctest passes MLP_MPIEXEC empty there); the build with MPI
# checks its --version line, and that a size of 1 (mpirun -np 1) trains.
. "$(dirname "$0")/lib.sh" mpi_launcher "$@"
export OPENBLAS_NUM_THREADS=1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cp "$ROOT/tests/fixtures/diagnose/moons_onehot.csv" data.csv
cat >m.json <<'JSON'
{"layers": [2, 4, 2], "activations": ["tanh", "softmax"], "loss": "cross_entropy", "epochs": 5,
 "data": {"train": "data.csv", "targets": ["c0", "c1"]}}
JSON

"$MLPTRAIN" --version >v.txt 2>&1 || bad "--version failed: $(cat v.txt)"
if [ -n "${MLP_MPIEXEC:-}" ]; then
    # The Open MPI mpirun of the build names the version mpi.h gave.
    ompi=$("$MLP_MPIEXEC" --version 2>/dev/null | sed -n 's/^mpirun (Open MPI) \([0-9.]*\)$/\1/p')
    if [ -n "$ompi" ]; then
        grep -qx "MPI: yes (Open MPI $ompi)" v.txt && ok || bad "--version: no \"MPI: yes (Open MPI $ompi)\": $(cat v.txt)"
    else
        grep -qE '^MPI: yes \(.+\)$' v.txt && ok || bad "--version: no \"MPI: yes (...)\": $(cat v.txt)"
    fi
    finish
fi
grep -qx "MPI: no" v.txt && ok || bad "--version: no \"MPI: no\": $(cat v.txt)"
# The line comes before the copyright, with the libraries'.
[ "$(sed -n '/^MPI:/{n;p;}' v.txt | cut -c1-9)" = "Copyright" ] && ok || bad "--version: the MPI line is not before the copyright: $(cat v.txt)"

want="mlptrain: this mlptrain was built without MPI, and a launcher (mpirun) started 2 processes of it, each of which would train alone; rebuild with cmake -DMLP_MPI=ON (with libopenmpi-dev installed), or run one process, without mpirun"
refused() { # refused NAME WANT-STDERR ENV...: exit 2, exactly WANT-STDERR, nothing written
    local name=$1 want=$2 rc=0
    shift 2
    env "$@" "$MLPTRAIN" -q -c m.json -w w.bin -o l.csv >out.txt 2>err.txt || rc=$?
    error_is "$name" 2 "$want" "$rc" "$(cat err.txt)" && ok
    [ ! -e w.bin ] && [ ! -e l.csv ] && [ ! -s out.txt ] && ok || bad "$name: something was written"
    rm -f w.bin l.csv
}
refused "Open MPI, rank 0 of 2" "$want" OMPI_COMM_WORLD_SIZE=2 OMPI_COMM_WORLD_RANK=0
refused "Open MPI, rank 1 of 2 (silent)" "" OMPI_COMM_WORLD_SIZE=2 OMPI_COMM_WORLD_RANK=1
refused "PMI (MPICH, Slurm), 3 processes" "${want/started 2 /started 3 }" PMI_SIZE=3 PMI_RANK=0
refused "PMIx, a rank above 0 alone" "" PMIX_RANK=1
# One process under a launcher (mpirun -np 1) is one process: it trains.
OMPI_COMM_WORLD_SIZE=1 OMPI_COMM_WORLD_RANK=0 "$MLPTRAIN" -q -c m.json -w w.bin -o l.csv 2>err.txt \
    && [ -s w.bin ] && ok || bad "a launcher's one process: $(cat err.txt)"
rm -f w.bin l.csv
# The real thing, where mpirun is installed: one line, exit 2, nothing written.
if command -v mpirun >/dev/null; then
    timeout 60 mpirun --oversubscribe -np 2 "$MLPTRAIN" -q -c m.json -w w.bin -o l.csv >out.txt 2>err.txt
    rc=$?
    [ "$rc" = 2 ] && [ "$(grep -cxF "$want" err.txt)" = 1 ] && [ "$(grep -c '^mlptrain:' err.txt)" = 1 ] \
        && ok || bad "mpirun -np 2: exit $rc: $(cat err.txt)"
    [ ! -e w.bin ] && [ ! -e l.csv ] && ok || bad "mpirun -np 2: an output was written"
fi
finish
