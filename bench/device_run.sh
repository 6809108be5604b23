#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/device_run.sh: the many-core measurements of docs/performance.md on
# a machine without mlp's libraries installed. Run from the repository root
# with DIR holding bin/{mlp_bench,gen_data,mlptrain}, optionally specs/ (a
# copy of bench/specs; the data then go to DIR/out) and lib/ (every shared
# library `ldd` names for them, glibc's loader included), copied from a
# Debian 12 build: bash bench/device_run.sh DIR OUTDIR [THREADS].
# Measures: the core OpenBLAS picks by itself and mlp's choice; W4 and W5
# ms/epoch with mlp's choice against SkylakeX, Haswell and Prescott forced by
# hand (1 thread and all); thread scaling 1, 2, 4, 8, ... all for W4 and W5;
# the dgemm peak at both workloads' shapes for each thread count. Each step
# has a time limit; results go to OUTDIR/results.jsonl and OUTDIR/log.txt.
# SMOKE=1 leaves W4 (and its 400 MB of data) out: a quick check of the plumbing.
# Each measurement is made once: 1 thread and all (THREADS) for each core,
# then 2, 4, 8 below THREADS.
#   usage: bench/device_run.sh DIR OUTDIR [THREADS]
set -u
# Its own --help and usage errors, in the form of scripts/usage.sh: this
# script is copied alone beside the programs it runs.
usage() { sed -n '3,$ { /^#/!q; s/^# \{0,1\}//; p; }' "$0"; }
usage_error() { echo "device_run.sh: $*; try 'bench/device_run.sh --help'" >&2; exit 2; }
for arg in "$@"; do
    case $arg in
        -h | --help) usage; exit 0 ;;
        -?*) usage_error "unknown option \"$arg\"" ;;
    esac
done
[ $# -ge 2 ] || usage_error "needs DIR and OUTDIR"
[ $# -le 3 ] || usage_error "unexpected argument \"$4\""
[ -d "$1" ] || usage_error "DIR \"$1\" is not a folder"
[ $# -lt 3 ] || [[ $3 =~ ^[1-9][0-9]{0,3}$ ]] || usage_error "THREADS needs a whole number from 1 to 9999, not \"$3\""
dir=$(realpath "$1")
out=$2
all=${3:-$(nproc)}
# The thread counts below $all, each once: 2, 4, 8. 1 and $all are measured
# with each core (the loops below), and listing $all again (and 2 when it was $all)
# measured "W5 2" three times over on 2 threads.
between() { local t; for t in 2 4 8; do [ "$t" -lt "$all" ] && echo "$t"; done; }
specs=bench/specs
[ -d "$dir/specs" ] && specs=$dir/specs # a copy beside the binaries, when given
mkdir -p "$out" "$specs/../out"
loader=$dir/lib/ld-linux-x86-64.so.2
# The copied libraries are for the copied programs only: the machine's own
# tools (timeout, nproc, ...) may need a newer glibc than the copy, so
# LD_LIBRARY_PATH is set by env for each program, never exported here (an
# exported one broke every tool on the first try).
prog() { env LD_LIBRARY_PATH="$dir/lib" "$loader" "$@"; }
command -v timeout >/dev/null || timeout() { shift; "$@"; }
log() { echo "$*" | tee -a "$out/log.txt"; }
# record LABEL CORE(auto|name) TIMEOUT ARGS...: one JSON line with a label.
# auto leaves OPENBLAS_CORETYPE unset (mlp chooses); a name forces it.
record() {
    local label=$1 core=$2 limit=$3 json rc
    shift 3
    if [ -n "${SMOKE:-}" ] && [[ "$label" == *W4* ]]; then return; fi
    json=$(
        if [ "$core" = auto ]; then unset OPENBLAS_CORETYPE; else export OPENBLAS_CORETYPE=$core; fi
        timeout "$limit" env LD_LIBRARY_PATH="$dir/lib" "$loader" "$dir/bin/mlp_bench" "$@" 2>>"$out/log.txt"
    )
    rc=$?
    echo "{\"label\": \"$label\", \"core_asked\": \"$core\", \"rc\": $rc, \"result\": ${json:-null}}" >> "$out/results.jsonl"
    log "$label core=$core rc=$rc ${json:0:300}"
}

t0=$(date +%s)
{ nproc; grep -m1 'model name' /proc/cpuinfo; grep -o -w 'avx2\|fma\|avx512[a-z_]*' /proc/cpuinfo | sort -u | tr '\n' ' '; echo; } > "$out/cpu.txt"
cat "$out/cpu.txt" | tee -a "$out/log.txt"
prog "$dir/bin/mlptrain" --version 2>&1 | tee -a "$out/log.txt"
record blas auto 20 blas
for c in SkylakeX Haswell Prescott; do record blas "$c" 20 blas; done
sets="large regression"; [ -n "${SMOKE:-}" ] && sets=regression
log "gen_data: $( { time timeout 120 env LD_LIBRARY_PATH="$dir/lib" "$loader" "$dir/bin/gen_data" "$specs/../out" $sets >/dev/null; } 2>&1 | tr '\n' ' ')"
log "elapsed $(($(date +%s) - t0)) s"

# W4 and W5 on each core, all threads then one.
for c in auto SkylakeX Haswell Prescott; do
    record "W4 $all" "$c" 40 train "$specs/large.json" "$all" 3
    record "W5 $all" "$c" 40 train "$specs/regression.json" "$all" 10
done
log "elapsed $(($(date +%s) - t0)) s"
for c in auto SkylakeX Haswell Prescott; do
    [ "$all" = 1 ] && break # measured above, as "W4 1" and "W5 1"
    e=2; [ "$c" = Prescott ] && e=1
    record "W4 1" "$c" 40 train "$specs/large.json" 1 "$e"
    record "W5 1" "$c" 30 train "$specs/regression.json" 1 3
done
# W5 with glibc's scalar tanh instead of SLEEF's (what the vector kernels gain).
export MLP_VMATH=libm
record "W5 $all libm" auto 40 train "$specs/regression.json" "$all" 10
[ "$all" = 1 ] || record "W5 1 libm" auto 30 train "$specs/regression.json" 1 3
unset MLP_VMATH
log "elapsed $(($(date +%s) - t0)) s"

# Thread scaling with mlp's choice, and the dgemm peak at the same shapes.
for t in $(between); do
    record "W4 $t" auto 40 train "$specs/large.json" "$t" 3
    record "W5 $t" auto 30 train "$specs/regression.json" "$t" 10
done
for t in 1 $(between) $all; do
    record "peak W4 $t" auto 30 peak "$specs/large.json" 8192 "$t" 3
    record "peak W5 $t" auto 30 peak "$specs/regression.json" 8192 "$t" 3
    [ "$t" = "$all" ] && break # when $all is 1, the list is "1 1"
done
record "peak-square 1" auto 30 peak-square 2048 1 3
[ "$all" = 1 ] || record "peak-square $all" auto 30 peak-square 2048 "$all" 3
log "elapsed $(($(date +%s) - t0)) s"
