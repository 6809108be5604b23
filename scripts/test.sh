#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs the whole test suite (unit tests and CLI tests) with ctest;
# --sanitize does the same in build-asan/ under ASan + UBSan, where any
# leak or undefined behaviour aborts the test that caused it.
#   usage: scripts/test.sh [--sanitize]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/usage.sh"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

sanitize=0
while [ $# -gt 0 ]; do
    case $1 in
        --sanitize) sanitize=1 ;;
        -h | --help) usage; exit 0 ;;
        *) usage_unknown "$1" ;;
    esac
    shift
done
if [ "$sanitize" = 0 ]; then
    bash scripts/build.sh
    ctest --test-dir build --output-on-failure
else
    bash scripts/build.sh --sanitize
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure
fi
