#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs the whole test suite (unit tests and CLI tests) with ctest;
# --sanitize does the same in build-asan/ under ASan + UBSan, where any
# leak or undefined behaviour aborts the test that caused it.
#   usage: scripts/test.sh [--sanitize]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case "${1:-}" in
    "")
        bash scripts/build.sh
        ctest --test-dir build --output-on-failure
        ;;
    --sanitize)
        bash scripts/build.sh --sanitize
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            ctest --test-dir build-asan --output-on-failure
        ;;
    *)
        echo "test.sh: unknown option \"$1\"; usage: scripts/test.sh [--sanitize]" >&2
        exit 2
        ;;
esac
