#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/README.md says how to run one test, with commands that name tests
# ctest has, and links docs/fuzzing.md (it did neither: a learner had to
# guess at `ctest -R` and never found the fuzzing page from here).
# Every `ctest --test-dir build ... -R PATTERN` line of its code blocks must
# select at least one test of this build (listed with -N, nothing run).
# Usage: test_tests_readme.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" tests-readme "$@"
README=$ROOT/tests/README.md
BUILD=$(dirname "$MLPTRAIN")

grep -qF '](../docs/fuzzing.md)' "$README" && ok || bad "tests/README.md does not link ../docs/fuzzing.md"
grep -q '^ctest --test-dir build .*-R ' "$README" > /dev/null \
    && grep -q '^ASAN_OPTIONS=[^ ]* ctest --test-dir build-asan .*-R ' "$README" && ok \
    || bad "tests/README.md shows no 'ctest --test-dir build -R NAME' (and build-asan) command"
n=0
while read -r pattern; do
    n=$((n + 1))
    pattern=${pattern#\'}
    pattern=${pattern%\'}
    found=$(ctest --test-dir "$BUILD" -N -R "$pattern" 2> /dev/null | grep -c 'Test *#')
    [ "$found" -ge 1 ] && ok || bad "tests/README.md: ctest -R $pattern selects no test"
done < <(sed -n 's/^\(ASAN_OPTIONS=[^ ]* \)\{0,1\}ctest --test-dir build[^ ]* .*-R \([^ ]*\).*/\2/p' "$README")
[ "$n" -ge 2 ] && ok || bad "found $n ctest -R commands in tests/README.md"
finish
