#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds mlp into build/ (Release), or into build-asan/ with AddressSanitizer
# and UndefinedBehaviorSanitizer when given --sanitize.
#   usage: scripts/build.sh [--sanitize]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/usage.sh"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dir=build
cmake_args=()
while [ $# -gt 0 ]; do
    case $1 in
        --sanitize)
            dir=build-asan
            cmake_args=(-DMLP_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
            ;;
        -h | --help) usage; exit 0 ;;
        *) usage_unknown "$1" ;;
    esac
    shift
done

bash scripts/install-deps.sh
cmake -S . -B "$dir" "${cmake_args[@]}"
cmake --build "$dir" -j"$(nproc)"
