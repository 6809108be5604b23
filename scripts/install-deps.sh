#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages mlp needs to build, test and run its
# scripts; touches apt only when something is missing.
#   usage: scripts/install-deps.sh [--bench]
#     --bench   also the optional peers of the comparison scripts (bench_packages)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/usage.sh"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bench=0
for arg in "$@"; do
    case "$arg" in
        --bench) bench=1 ;;
        -h|--help) usage; exit 0 ;;
        *) usage_unknown "$arg" ;;
    esac
done

packages=(
    build-essential   # gcc, g++ (examples/predict.c as C++), make, dpkg-dev (the .deb), libc headers
    cmake
    pkg-config
    libcjson-dev      # the spec parser
    libopenblas-dev   # CBLAS for the matrix products
    libsleef-dev      # vectorised tanh/exp/log for the activations and losses (src/vmath*.c)
    nettle-dev        # SHA-256 of the training data for the provenance
    zlib1g-dev        # CRC-32 of the weights file and the .npz export
    libcmocka-dev     # the unit-test framework
    libopenmpi-dev    # MPI for data-parallel training (mpirun -np N mlptrain; MLP_MPI)
    openmpi-bin       # mpirun, which starts those processes (and the MPI tests)
    libplplot-dev     # mlpplot draws its pictures with PLplot's C API
    plplot-driver-cairo  # PLplot's png, svg and pdf output (pngcairo, svgcairo, pdfcairo)
    libpng-dev        # tests/plot/pngprobe.c decodes mlpplot's PNGs
    python3           # scripts/read_weights.py, tests/reference/make_reference.py
    python3-numpy     # docs/examples/trace_diff.py, the worked example of docs/trace.md
    valgrind          # the leak check in .ci/run
    groff-base        # tests/cli/test_manpages.sh renders the man pages
    file              # cpack -G DEB finds the ELF files for dpkg-shlibdeps with it
    man-db            # scripts/check-install.sh --deb: man finds the installed pages
    clang             # libFuzzer targets (scripts/fuzz.sh, fuzz/)
    libclang-rt-14-dev  # libFuzzer and the sanitizer runtimes for clang 14
)
# Optional (--bench only): nothing builds or tests against them.
bench_packages=(
    python3-sklearn   # scripts/sklearn_compare.sh: scikit-learn's MLPs and its bundled data sets
)
if ((bench)); then packages+=("${bench_packages[@]}"); fi

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "installed" ]]; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#packages[@]} packages already installed"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "install-deps: not root and sudo is missing; install as root: apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
