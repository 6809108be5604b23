#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_kernel_env.sh: the environment variables that choose the kernels are
# never replaced in silence. MLP_VMATH is taken in any case ("AVX2" is
# avx2); a value that is not taken (a name mlp does not know, or a set this
# CPU cannot run) leaves the widest set, which --version names, and one
# warning on stderr, in the form of every warning, naming the values this
# CPU takes; the exit status is unchanged. Before, MLP_VMATH=AVX2 ran
# avx512f and MLP_VMATH=bogus said nothing. OPENBLAS_CORETYPE naming a core
# OpenBLAS does not have: OpenBLAS runs one of its own, which --version
# names without calling it the user's choice (it did), and one warning.
. "$(dirname "$0")/lib.sh" kernel_env "$@"
unset MLP_VMATH OPENBLAS_CORETYPE MLP_BLAS_STATE MLP_BLAS_TEST_CORENAME MLP_BLAS_TEST_CPU MLP_BLAS_TEST_FAIL

progs="mlptrain mlppredict"
[ -x "$(dirname "$MLPTRAIN")/mlpplot" ] && progs="$progs mlpplot"
bin_of() {
    case $1 in
    mlptrain) echo "$MLPTRAIN" ;;
    mlppredict) echo "$MLPPREDICT" ;;
    *) echo "$(dirname "$MLPTRAIN")/$1" ;;
    esac
}
isa_of() { sed -n 's/^Vector ISA: //p' "$1"; }

# The sets this CPU runs, widest first: each one that --version reports as
# in use when asked for by its own name.
"$MLPTRAIN" --version > plain.out
widest=$(isa_of plain.out)
runs=()
cannot=()
for isa in avx512f avx2 sse2 libm; do
    MLP_VMATH=$isa "$MLPTRAIN" --version > asked.out 2> asked.err
    if [ "$(isa_of asked.out)" = "$isa" ] && [ ! -s asked.err ]; then runs+=("$isa"); else cannot+=("$isa"); fi
done
[ "${runs[0]}" = "$widest" ] && ok || bad "the widest set that runs is ${runs[0]}, but the default is $widest"
# "a, b or c", as the hint lists them.
list=${runs[0]}
for ((i = 1; i < ${#runs[@]}; i++)); do
    if [ $((i + 1)) = ${#runs[@]} ]; then list="$list or ${runs[i]}"; else list="$list, ${runs[i]}"; fi
done
hint="set MLP_VMATH to $list, or unset it"

for prog in $progs; do
    bin=$(bin_of "$prog")
    # Any case: the upper-case name of each set that runs is that set.
    for isa in "${runs[@]}"; do
        upper=$(tr a-z A-Z <<< "$isa")
        MLP_VMATH=$upper "$bin" --version > up.out 2> up.err
        rc=$?
        [ "$rc" = 0 ] && [ "$(isa_of up.out)" = "$isa" ] && [ ! -s up.err ] && ok \
            || bad "$prog with MLP_VMATH=$upper: exit $rc, Vector ISA $(isa_of up.out), want $isa; stderr: $(cat up.err)"
    done
    # An unknown name: the widest set, and the warning once.
    MLP_VMATH=bogus "$bin" --version > bogus.out 2> bogus.err
    rc=$?
    want="$prog: warning: MLP_VMATH=bogus names no instruction set mlp knows, so $widest runs; $hint"
    [ "$rc" = 0 ] && [ "$(isa_of bogus.out)" = "$widest" ] && ok \
        || bad "$prog with MLP_VMATH=bogus: exit $rc, Vector ISA $(isa_of bogus.out), want 0 and $widest"
    [ "$(cat bogus.err)" = "$want" ] && ok || bad "$prog with MLP_VMATH=bogus: stderr
  $(cat bogus.err)
want
  $want"
    # A set this CPU cannot run (where there is one): the same, so named.
    for isa in "${cannot[@]}"; do
        MLP_VMATH=$isa "$bin" --version > no.out 2> no.err
        want="$prog: warning: MLP_VMATH=$isa is an instruction set this CPU cannot run, so $widest runs; $hint"
        [ "$(isa_of no.out)" = "$widest" ] && [ "$(cat no.err)" = "$want" ] && ok \
            || bad "$prog with MLP_VMATH=$isa: Vector ISA $(isa_of no.out), stderr $(cat no.err), want $widest and: $want"
    done
done

# Once in a whole run, which calls the kernels many times, and it is the
# run's set that the weights file records.
cp "$ROOT/data/xor.csv" xor.csv
sed 's#../data/xor.csv#xor.csv#' "$ROOT/configs/xor.json" > xor.json
MLP_VMATH=bogus "$MLPTRAIN" -q -c xor.json -e 50 -w x.bin -o x.csv 2> run.err \
    && ok || bad "a run with MLP_VMATH=bogus failed: $(cat run.err)"
[ "$(grep -c 'MLP_VMATH=bogus' run.err)" = 1 ] && [ "$(wc -l < run.err)" = 1 ] && ok \
    || bad "a run with MLP_VMATH=bogus: stderr is not the one warning: $(cat run.err)"
"$MLPPREDICT" --info x.bin | grep -qE "^ *vector isa:? +$widest$" && ok \
    || bad "the weights file does not record $widest: $("$MLPPREDICT" --info x.bin | grep -i 'vector isa')"

# OPENBLAS_CORETYPE: the core that runs is OpenBLAS's name for it (the
# "core" of --version); the user's value is the user's choice only when it
# is that core, in any case, as OpenBLAS takes its names.
core_of() { sed -n 's/^BLAS: .*, core \([A-Za-z0-9_]*\) (.*/\1/p' "$1"; }
plain_core=$(core_of plain.out)
[ -n "$plain_core" ] && ok || bad "--version names no core: $(cat plain.out)"
lower=$(tr A-Z a-z <<< "$plain_core")
for prog in $progs; do
    bin=$(bin_of "$prog")
    OPENBLAS_CORETYPE=$lower "$bin" --version > mine.out 2> mine.err
    grep -qxF "BLAS: OpenBLAS $(pkg-config --modversion openblas), core $plain_core (OPENBLAS_CORETYPE=$lower: the user's choice)" mine.out \
        && [ ! -s mine.err ] && ok \
        || bad "$prog with OPENBLAS_CORETYPE=$lower: $(grep '^BLAS' mine.out); stderr: $(cat mine.err)"
    OPENBLAS_CORETYPE=Bogus "$bin" --version > bogus.out 2> bogus.err
    rc=$?
    ran=$(core_of bogus.out)
    [ "$rc" = 0 ] && [ -n "$ran" ] && grep -qF "core $ran (OPENBLAS_CORETYPE=Bogus not taken: this OpenBLAS has no such core)" bogus.out \
        && ok || bad "$prog with OPENBLAS_CORETYPE=Bogus: exit $rc, $(grep '^BLAS' bogus.out)"
    want="$prog: warning: OPENBLAS_CORETYPE=Bogus is not a core this OpenBLAS has, so $ran runs; set OPENBLAS_CORETYPE to one it has, such as Haswell, SkylakeX, Zen or Prescott, or unset it"
    [ "$(cat bogus.err)" = "$want" ] && ok || bad "$prog with OPENBLAS_CORETYPE=Bogus: stderr
  $(cat bogus.err)
want
  $want"
done
# Both at once: two warnings, the BLAS's first, as --version lists them.
OPENBLAS_CORETYPE=Bogus MLP_VMATH=bogus "$MLPTRAIN" --version > /dev/null 2> both.err
[ "$(wc -l < both.err)" = 2 ] && grep -q '^mlptrain: warning: OPENBLAS_CORETYPE=Bogus' <(head -1 both.err) \
    && grep -q '^mlptrain: warning: MLP_VMATH=bogus' <(tail -1 both.err) && ok \
    || bad "OPENBLAS_CORETYPE=Bogus MLP_VMATH=bogus: stderr $(cat both.err)"

# Every variable of the library's and the programs' that chooses kernels or
# that they set for themselves (getenv("MLP_...") and "OPENBLAS_CORETYPE" in
# src/, and the name memlimit.c keeps in a macro) is in each page's
# ENVIRONMENT; man mlptrain listed only the thread variables. The README's
# paragraph on reproducibility says how to select the two that decide the
# last bits.
vars=$( (grep -ohE 'getenv\("(MLP_[A-Z_]+|OPENBLAS_CORETYPE)"\)' "$ROOT"/src/*.c "$ROOT"/src/cli/*.c \
    | sed 's/getenv("\(.*\)")/\1/'; sed -n 's/^#define SAVED "\(MLP_[A-Z_]*\)"$/\1/p' "$ROOT/src/memlimit.c") | sort -u)
[ "$(wc -l <<< "$vars")" -ge 8 ] && grep -qx MLP_VMATH <<< "$vars" && ok || bad "found only these variables in src/: $vars"
for prog in mlptrain mlppredict mlpplot; do
    env=$(groff -man -Tascii -P-cbou "$ROOT/man/$prog.1" 2> /dev/null | sed -n '/^ENVIRONMENT/,/^[A-Z]/p')
    for v in $vars; do
        grep -qw "$v" <<< "$env" && ok || bad "man/$prog.1's ENVIRONMENT does not name $v"
    done
done
para=$(awk '/reproducibility holds for the same BLAS core/,/^$/' "$ROOT/README.md")
for want in OPENBLAS_CORETYPE=Haswell MLP_VMATH=avx2; do
    grep -qF "$want" <<< "$para" && ok || bad "README.md's paragraph on reproducibility does not show $want"
done

finish
