#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds mlp (Release) and the benchmark runners, installs the peers when
# they are missing (python3-numpy, python3-pandas, python3-torch, libfann-dev), generates the
# data once into bench/out/, and runs the suite: see docs/performance.md.
#   usage: scripts/bench.sh [--quick] [--json FILE] [--threads N] [--only W1 W2 ... csv job]
# No network is used once the packages are installed.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/usage.sh"
# --json FILE is the caller's (scripts/caller_args.sh).
. "$(dirname "${BASH_SOURCE[0]}")/caller_args.sh"
caller_args "$@"
set -- ${args[@]+"${args[@]}"}
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The options bench/run.py takes, checked before anything is installed or
# built (run.py's own refusal came after both); run.py checks the --only names.
check_args() {
    local only=0
    while [ $# -gt 0 ]; do
        case $1 in
            -h | --help) usage; exit 0 ;;
            --quick) only=0 ;;
            --json)
                [ $# -ge 2 ] || usage_error "--json needs a file"
                only=0
                shift
                ;;
            --json=?*) only=0 ;;
            --threads | --threads=*)
                local n=${1#--threads=}
                if [ "$1" = --threads ]; then
                    [ $# -ge 2 ] || usage_error "--threads needs a value"
                    n=$2
                    shift
                fi
                [[ $n =~ ^[1-9][0-9]{0,3}$ ]] || usage_error "--threads needs a whole number from 1 to 9999, not \"$n\""
                only=0
                ;;
            --only) only=1 ;;
            *) [ "$only" = 1 ] && [[ $1 != -* ]] || usage_unknown "$1" ;;
        esac
        shift
    done
}
check_args "$@"

bash scripts/install-deps.sh
peers=(python3-numpy python3-pandas python3-torch libfann-dev)
missing=()
for pkg in "${peers[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == "installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "bench: installing the peers ${missing[*]}"
    sudo=()
    [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
    if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" \
           || { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update \
                && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; }; }; then
        echo "bench: could not install ${missing[*]}; the suite goes on without them" >&2
    fi
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target mlp mlptrain >/dev/null

out=bench/out
mkdir -p "$out"
cflags=(-O2 -Wall -Wextra -Werror -std=c11 -D_POSIX_C_SOURCE=200809L)
gcc "${cflags[@]}" -Isrc bench/gen_data.c src/rng.c -o "$out/gen_data" -lm
# shellcheck disable=SC2046
gcc "${cflags[@]}" -Iinclude -Isrc bench/mlp_bench.c build/libmlp.a -o "$out/mlp_bench" \
    $(pkg-config --cflags --libs openblas libcjson nettle zlib) -lsleef -lm -lpthread
if [[ -f /usr/include/doublefann.h ]]; then
    gcc "${cflags[@]}" bench/fann_bench.c -o "$out/fann_bench" -ldoublefann -lm
else
    rm -f "$out/fann_bench"
fi

exec /usr/bin/python3 bench/run.py --build build --out "$out" "$@"
