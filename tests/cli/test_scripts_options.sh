#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_scripts_options.sh: the command lines of the shell scripts. Every
# script of scripts/ and bench/ (each file *.sh that starts with #!) answers
# --help and -h with its usage on stdout, exit 0, and an unknown option with
# one line on stderr, `NAME: unknown option "--bogus"; try 'DIR/NAME --help'`,
# exit 2, the form and status of mlptrain's usage errors (docs/exit-codes.md).
# Then a table of wrong arguments (a missing value, a count that is not a
# number, a folder that cannot be made, a stray argument), each refused the
# same way. The scripts run from a copy, with stand-ins on PATH for every tool
# they would go on to (cmake, gcc, apt-get, perf, ...), which note any call:
# a refused command line must do nothing else. Before: build.sh, test.sh and
# check-install.sh had no --help, fuzz.sh's --help was an error (exit 2),
# plots.sh took --help for its build folder, overhead.sh for a build folder
# (cd's message, exit 1), bench.sh and mpi_bench.sh handed an unknown option
# to Python after building, bench.sh's and install-deps.sh's help began with
# the licence line; overhead.sh's --rounds without a value was bash's
# "unbound variable", and sklearn_compare.sh's --work that cannot be made was
# mkdir's message, exit 1, after the build.
. "$(dirname "$0")/lib.sh" scripts_options "$@"
. "$ROOT/tests/cli/scripts_options_lib.sh" sh
RUN_WITH=(bash)
stand_ins cmake ctest gcc cc mpicc mpirun clang perf apt-get sudo dpkg dpkg-query cpack pkg-config
# what the rows of 2. are given: a file where a folder is wanted, a folder
: > caller/afile
mkdir -p caller/conf
files > files.before

# 1. --help, -h and an unknown option, for every script.
[ ${#scripts[@]} -ge 13 ] && ok || bad "only ${#scripts[@]} scripts found: ${scripts[*]}"
for s in "${scripts[@]}"; do
    run "$s" --help
    if [ "$rc" = 0 ] && [ ! -s err.txt ] && [ ! -s ran.txt ] \
        && grep -q "^ *usage: $s\\b" out.txt && ! grep -q 'SPDX\|^!' out.txt; then
        ok
    else
        bad "$s --help: exit $rc, want 0 with the usage ('usage: $s ...') on stdout: $(head -c 300 out.txt)$(cat err.txt ran.txt)"
    fi
    cp out.txt help.txt
    run "$s" -h
    [ "$rc" = 0 ] && cmp -s out.txt help.txt && ok || bad "$s -h: exit $rc, not what --help prints"
    row "$s" 'unknown option "--bogus"' --bogus
done

# 2. Wrong arguments: row SCRIPT WHAT ARGS... (scripts_options_lib.sh): each
# refused as the unknown option is, writing nothing and running no tool.
row bench/overhead.sh '--rounds needs a value' --rounds
row bench/overhead.sh '--rounds needs a whole number from 1 to 99, not "x"' --rounds x
row bench/overhead.sh '--rounds needs a whole number from 1 to 99, not "0"' . --rounds 0
row bench/overhead.sh 'BUILD "nodir" is not a folder' nodir
row bench/overhead.sh 'unexpected argument "conf" (at most BUILD and BASE_BUILD)' . . conf
row scripts/sklearn_compare.sh '--seeds needs a value' --seeds
row scripts/sklearn_compare.sh '--seeds needs a whole number from 1 to 99, not "many"' --seeds many
row scripts/sklearn_compare.sh '--batch-size needs a whole number from 1, not "0"' --batch-size 0
row scripts/sklearn_compare.sh '--holdout needs a whole number from 2 to 99, not "1"' --holdout 1
row scripts/sklearn_compare.sh '--sets: no set named' --sets ''
row scripts/sklearn_compare.sh '--work needs a folder' --work
row scripts/sklearn_compare.sh '--work "afile/sub": cannot create the folder: Not a directory' --work afile/sub
row scripts/sklearn_compare.sh '--configs: "nodir" is not a folder' --holdout 3 --configs nodir
# --configs is the caller's folder (callers, scripts/caller_args.sh): found
# from caller/, then refused without --holdout.
row scripts/sklearn_compare.sh '--configs is for --holdout: the test splits judge the shipped configs only' --configs conf
row scripts/proben1.sh '--configs is for --holdout: the test files judge the shipped configs only' --configs conf
row scripts/proben1.sh '--jobs needs a whole number from 1 to 999, not "all"' --jobs all
row scripts/check-install.sh '--build needs a folder' --build
row scripts/check-install.sh '--build: "nodir" is not a folder' --build nodir
row scripts/fuzz.sh 'no target given (the targets: spec csv csv_stream predict weights npz number)'
row scripts/fuzz.sh 'unknown target "nosuch" (the targets: spec csv csv_stream predict weights npz number)' nosuch 5
row scripts/fuzz.sh 'SECONDS missing after the target "spec"' spec
row scripts/fuzz.sh 'SECONDS must be a positive whole number, not "1.5"' spec 1.5
row scripts/fuzz.sh 'SECONDS must be a positive whole number, not "0"' --ci 0
row scripts/fuzz.sh 'unexpected argument "extra"' --seeds extra
row scripts/bench.sh '--threads needs a value' --threads
row scripts/bench.sh '--threads needs a whole number from 1 to 9999, not "x"' --quick --threads=x
row scripts/bench.sh 'unexpected argument "W1"' W1
row bench/mpi_bench.sh '--rounds needs a whole number from 1, not "0"' --rounds=0
row bench/mpi_bench.sh '--json needs a value' --json
row bench/mpi_bench.sh 'unexpected argument "W5"' --only W4 W5
row bench/device_run.sh 'needs DIR and OUTDIR' conf
row bench/device_run.sh 'THREADS needs a whole number from 1 to 9999, not "all"' conf out all
row bench/device_run.sh 'DIR "nodir" is not a folder' nodir out
row scripts/build.sh 'unexpected argument "extra"' --sanitize extra
row scripts/test.sh 'unknown option "-x"' -x
row scripts/plots.sh 'unexpected argument "b"' conf b
row scripts/plots.sh 'BUILD_DIR "nodir" is not a folder' nodir
row scripts/example.sh 'unexpected argument "x"' x
row scripts/install-deps.sh 'unexpected argument "bench"' bench

# 3. One callers(): scripts/caller_args.sh's, sourced where a path is the
# caller's (proben1.sh, sklearn_compare.sh and check-install.sh had copies).
defs=$(grep -l '^callers()' "$ROOT"/scripts/*.sh "$ROOT"/bench/*.sh | sed "s|^$ROOT/||" | xargs)
[ "$defs" = scripts/caller_args.sh ] && ok || bad "callers() is defined in $defs, want scripts/caller_args.sh alone"

finish
