#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_scripts_bench.sh: the benchmark drivers' own work, without building or
# benchmarking anything. bench/mpi_bench.sh (with bench/mpi_run.py and
# bench/mpi_model.py) and scripts/bench.sh run from a copy of their files in a
# folder whose path holds a space, with stand-ins for cmake, gcc, mpicc,
# mpirun, mlptrain and bench/run.py. Checked: the timing shim is preloaded
# from such a path (ld.so splits LD_PRELOAD at spaces), "trained 1 epoch" is
# read, a run without its summary line stops the benchmark, --record refuses a
# partial run and leaves bench/mpi_inputs.json and docs/scaling.md as they
# are, and --json FILE is the caller's path.
. "$(dirname "$0")/lib.sh" scripts_bench "$@"

R="$WORK/sp ace/mlp"
mkdir -p "$R/bench/specs" "$R/bench/out" "$R/build" "$R/docs" "$R/scripts" fakebin caller
cp "$ROOT"/bench/mpi_bench.sh "$ROOT"/bench/mpi_run.py "$ROOT"/bench/mpi_model.py \
    "$ROOT"/bench/mpi_inputs.json "$R/bench/"
cp "$ROOT"/bench/specs/*.json "$R/bench/specs/"
cp "$ROOT/docs/scaling.md" "$R/docs/"
cp "$ROOT/scripts/bench.sh" "$ROOT/scripts/caller_args.sh" "$ROOT/scripts/usage.sh" \
    "$ROOT/scripts/cli_usage.py" "$R/scripts/"
echo 'MLP_MPI:BOOL=ON' > "$R/build/CMakeCache.txt"
: > "$R/bench/out/large.csv"
: > "$R/bench/out/regression.csv"

cat > fakebin/cmake <<'EOF'
#!/bin/sh
exit 0
EOF
# mpicc: the shim as a real (empty) shared library, so that ld.so preloads it
# or complains; anything else an empty file.
cat > fakebin/mpicc <<'EOF'
#!/bin/sh
out=
shared=
while [ $# -gt 0 ]; do
    case $1 in -o) out=$2; shift ;; -shared) shared=1 ;; esac
    shift
done
if [ -n "$shared" ]; then
    exec gcc -shared -fPIC -x c /dev/null -o "$out"
fi
: > "$out"
EOF
# mpirun ... -np N CMD...: N ranks of CMD at once, OMPI_COMM_WORLD_RANK set.
cat > fakebin/mpirun <<'EOF'
#!/bin/bash
[ "$1" = --version ] && { echo "mpirun (fake)"; exit 0; }
while [ "$1" != -np ]; do shift; done
n=$2
shift 2
pids=()
for ((r = 0; r < n; r++)); do
    OMPI_COMM_WORLD_RANK=$r "$@" &
    pids+=($!)
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=$?; done
exit $rc
EOF
# mlptrain: the loss log, a rank's timing figures where the shim was preloaded
# (LD_PRELOAD names one file, as bench/mpi_timing.c then writes them), and
# rank 0's summary line as mlptrain prints it (FAKE_SILENT: none).
cat > "$R/build/mlptrain" <<'EOF'
#!/bin/bash
[ "$1" = --version ] && { echo "mlptrain (fake) 0"; exit 0; }
while [ $# -gt 0 ]; do
    case $1 in --epochs) e=$2; shift ;; -o) o=$2; shift ;; esac
    shift
done
rank=${OMPI_COMM_WORLD_RANK:-0}
case ${LD_PRELOAD:-} in
    '' | *[[:space:]:]*) ;;
    *) [ -f "$LD_PRELOAD" ] && echo "big_calls $e big_s 0.01 setup_s 0.2" > "$MLP_BENCH_TIMING_DIR/mpi.$rank" ;;
esac
{ echo epoch,loss; for ((i = 1; i <= e; i++)); do echo "$i,0.5"; done; } > "$o"
s=s
[ "$e" = 1 ] && s=
[ "$rank" = 0 ] && [ -z "${FAKE_SILENT:-}" ] && echo "trained $e epoch$s in 0.500 s (500 ms/epoch); final loss 0.5" >&2
exit 0
EOF
chmod +x fakebin/* "$R/build/mlptrain"
export PATH="$WORK/fakebin:$PATH"

# 1. One epoch, 1 and 2 ranks, from a path with a space, --json relative to
# the caller's folder. The workload used to be dropped ("trained 1 epoch" was
# not read), the shim not preloaded (its figures missing, the warning blaming
# MLP_MPI), and the JSON written under the repository.
cd caller
bash "$R/bench/mpi_bench.sh" --ranks 1,2 --only W5 --w5-epochs 1 --skip-allreduce --json run.json \
    > out.txt 2> err.txt
rc=$?
[ "$rc" = 0 ] && ok || bad "mpi_bench.sh: exit $rc: $(cat err.txt)"
[ -f run.json ] && [ ! -e "$R/run.json" ] && ok || bad "mpi_bench.sh --json run.json: not written in the caller's folder"
! grep -q warning err.txt && ok || bad "mpi_bench.sh warned: $(cat err.txt)"
/usr/bin/python3 - run.json <<'EOF' && ok || bad "mpi_bench.sh: run.json lacks W5's figures: $(cat run.json 2>&1 | head -c 600)"
import json, sys
w = json.load(open(sys.argv[1]))["workloads"]
assert [x["id"] for x in w] == ["W5"], w
runs = {r["ranks"]: r for r in w[0]["runs"]}
assert sorted(runs) == [1, 2], runs
assert runs[1]["epochs"] == 1 and runs[1]["ms_per_epoch"] == 500.0, runs[1]
assert runs[2]["allreduce_ms"] == 10.0 and runs[2]["setup_s"] == 0.2, runs[2]
EOF
cd ..

# 2. No summary line: the run fails (exit 1, no JSON) instead of leaving the
# workload out.
(cd caller && FAKE_SILENT=1 bash "$R/bench/mpi_bench.sh" --ranks 1 --only W5 --w5-epochs 1 \
    --skip-allreduce --json silent.json > out.txt 2> err.txt)
rc=$?
[ "$rc" = 1 ] && ok || bad "mpi_bench.sh without a summary line: exit $rc, want 1"
grep -q "^mpi_run.py: W5 with 1 rank(s): no 'trained E epochs in S s' line in mlptrain's output" caller/err.txt \
    && [ ! -e caller/silent.json ] && ok || bad "mpi_bench.sh without a summary line: $(cat caller/err.txt)"

# 3. --record refuses a partial run and changes nothing; a whole one is recorded.
cp "$R/bench/mpi_inputs.json" inputs.before
cp "$R/docs/scaling.md" doc.before
out=$(/usr/bin/python3 "$R/bench/mpi_model.py" --record caller/run.json 2>&1)
rc=$?
[ "$rc" = 1 ] && ok || bad "--record of a partial run: exit $rc, want 1 ($out)"
[ "$out" = "mpi_model.py: caller/run.json: a partial run (no workload W4; W5: no run with 3 ranks; no allreduce fit at 2 ranks; no allreduce fit at 3 ranks); bench/mpi_inputs.json and docs/scaling.md are left as they are; rerun bench/mpi_bench.sh --ranks 1,2,3 and record its JSON" ] \
    && ok || bad "--record of a partial run said: $out"
cmp -s inputs.before "$R/bench/mpi_inputs.json" && cmp -s doc.before "$R/docs/scaling.md" && ok \
    || bad "--record of a partial run changed bench/mpi_inputs.json or docs/scaling.md"
sed 's/"when": "[^"]*"/"when": "2099-01-01 00:00 UTC"/' inputs.before > whole.json
/usr/bin/python3 "$R/bench/mpi_model.py" --record whole.json > /dev/null && cmp -s whole.json "$R/bench/mpi_inputs.json" \
    && grep -q ', 2099-01-01 00:00 UTC, load average' "$R/docs/scaling.md" && ok \
    || bad "--record of a whole run did not record it"

# 4. scripts/bench.sh --json FILE and --json=FILE: the caller's path.
mkdir -p "$R/bench"
cat > "$R/bench/run.py" <<'EOF'
import sys
a = sys.argv
for i, x in enumerate(a):
    if x == "--json":
        open(a[i + 1], "w").write("[]\n")
    elif x.startswith("--json="):
        open(x[len("--json="):], "w").write("[]\n")
EOF
printf '#!/bin/sh\nexit 0\n' > "$R/scripts/install-deps.sh"
printf '#!/bin/sh\nprintf installed\n' > fakebin/dpkg-query
printf '#!/bin/sh\nexit 0\n' > fakebin/pkg-config
printf '#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && : > "$2"; shift; done\n' > fakebin/gcc
chmod +x fakebin/*
(cd caller && bash "$R/scripts/bench.sh" --json b1.json > out.txt 2>&1 \
    && bash "$R/scripts/bench.sh" --json=b2.json >> out.txt 2>&1)
rc=$?
[ "$rc" = 0 ] && [ -f caller/b1.json ] && [ -f caller/b2.json ] && [ ! -e "$R/b1.json" ] && [ ! -e "$R/b2.json" ] \
    && ok || bad "scripts/bench.sh --json: exit $rc, not written in the caller's folder: $(cat caller/out.txt)"

finish
