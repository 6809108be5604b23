#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds mlp into build/ (Release), or into build-asan/ with AddressSanitizer
# and UndefinedBehaviorSanitizer when given --sanitize.
#   usage: scripts/build.sh [--sanitize]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dir=build
cmake_args=()
case "${1:-}" in
    "") ;;
    --sanitize)
        dir=build-asan
        cmake_args=(-DMLP_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
        ;;
    *)
        echo "build.sh: unknown option \"$1\"; usage: scripts/build.sh [--sanitize]" >&2
        exit 2
        ;;
esac

bash scripts/install-deps.sh
cmake -S . -B "$dir" "${cmake_args[@]}"
cmake --build "$dir" -j"$(nproc)"
