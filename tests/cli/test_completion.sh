#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_completion.sh: the bash completions in completions/ are sourced and
# their functions called as bash calls them (COMP_WORDS, COMP_CWORD). They
# offer exactly the long options of each program's --help, offer no option
# after an option that takes a value, and complete the right files and
# values.
. "$(dirname "$0")/lib.sh" completion "$@"

# Prints the completions of the words given, the last one being completed,
# one per line, sorted.
complete_line() {
    local file=$1
    shift
    bash -c '
        . "$1"; shift
        fn=$1; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        "$fn"
        printf "%s\n" "${COMPREPLY[@]}"' complete "$ROOT/completions/$file" "_$file" "$@" | sed '/^$/d' | sort
}
long_options() { grep -oE -- '--[a-z][a-z0-9-]*' | sort -u; }

# mlpplot, built beside mlptrain, is checked the same way.
progs="mlptrain mlppredict"
[ -x "$(dirname "$MLPTRAIN")/mlpplot" ] && progs="$progs mlpplot"
for prog in $progs; do
    errors=$(bash -c '. "$1" && complete -p "$2"' source "$ROOT/completions/$prog" "$prog" 2>&1 >/dev/null)
    [ -z "$errors" ] && ok || bad "sourcing completions/$prog: $errors"
    bin=$(dirname "$MLPTRAIN")/$prog
    [ "$prog" = mlptrain ] && bin=$MLPTRAIN
    [ "$prog" = mlppredict ] && bin=$MLPPREDICT
    "$bin" --help | long_options > "$prog.help"
    complete_line "$prog" "$prog" -- > "$prog.comp"
    [ -s "$prog.help" ] && diff "$prog.help" "$prog.comp" > "$prog.diff" && ok \
        || bad "completions/$prog offers other options than $prog --help (< help, > completion): $(cat "$prog.diff")"
    # Options printed with a value ("--epochs N", "--config FILE") take one:
    # the completion must not offer options in its place.
    "$bin" --help | grep -E '^ +(-[a-zA-Z], )?--' | grep -oE -- '--[a-z][a-z0-9-]* [A-Z]' | cut -d' ' -f1 \
        | sort -u > "$prog.valued"
    [ -s "$prog.valued" ] && ok || bad "$prog --help shows no option with a value"
    while read -r opt; do
        got=$(complete_line "$prog" "$prog" "$opt" --)
        grep -q -- '^--' <<< "$got" && bad "completions/$prog offers options after $opt, which takes a value" || ok
    done < "$prog.valued"
done

# Values and files, in a folder of their own.
mkdir -p files/sub
cd files || exit 1
touch net.json other.txt model.bin rows.csv
[ "$(complete_line mlptrain mlptrain --config '')" = "$(printf 'net.json\nsub')" ] && ok \
    || bad "--config completes: $(complete_line mlptrain mlptrain --config '')"
[ "$(complete_line mlptrain mlptrain --config = n)" = "net.json" ] && ok \
    || bad "--config=n completes: $(complete_line mlptrain mlptrain --config = n)"
[ "$(complete_line mlptrain mlptrain --format '')" = "$(printf 'json\ntext')" ] && ok || bad "--format values"
[ "$(complete_line mlptrain mlptrain --trace-format '')" = "$(printf 'csv\njson')" ] && ok || bad "--trace-format values"
[ "$(complete_line mlptrain mlptrain --init-weights '')" = "$(printf 'model.bin\nsub')" ] && ok || bad "--init-weights files"
[ "$(complete_line mlptrain mlptrain --epochs '')" = "" ] && ok || bad "--epochs offers something"
[ "$(complete_line mlptrain mlptrain --qu)" = "--quiet" ] && ok || bad "--qu does not complete to --quiet"
[ "$(complete_line mlppredict mlppredict '')" = "$(printf 'model.bin\nsub')" ] && ok \
    || bad "mlppredict's first argument: $(complete_line mlppredict mlppredict '')"
[ "$(complete_line mlppredict mlppredict model.bin '')" = "$(printf 'model.bin\nrows.csv\nsub')" ] && ok \
    || bad "mlppredict's second argument: $(complete_line mlppredict mlppredict model.bin '')"
[ "$(complete_line mlppredict mlppredict --output = x.csv model.bin '')" = "$(printf 'model.bin\nrows.csv\nsub')" ] && ok \
    || bad "mlppredict --output=FILE WEIGHTS: $(complete_line mlppredict mlppredict --output = x.csv model.bin '')"
[ "$(complete_line mlppredict mlppredict -o '')" = "$(printf 'model.bin\nnet.json\nother.txt\nrows.csv\nsub')" ] && ok \
    || bad "mlppredict -o files: $(complete_line mlppredict mlppredict -o '')"

if [[ $progs == *mlpplot* ]]; then
    # The kinds of picture are those of the usage lines of mlpplot --help.
    kinds=$("$(dirname "$MLPTRAIN")/mlpplot" --help | sed -n 's/^\(Usage:\)\{0,1\} *mlpplot \([a-z]*\) .*/\2/p' | sort)
    [ "$(echo "$kinds" | wc -l)" = 4 ] && [ "$(complete_line mlpplot mlpplot '')" = "$kinds" ] && ok \
        || bad "mlpplot's kinds: $(complete_line mlpplot mlpplot '' | tr '\n' ' '), --help: $(echo $kinds)"
    [ "$(complete_line mlpplot mlpplot fit '')" = "$(printf 'model.bin\nsub')" ] && ok \
        || bad "mlpplot fit WEIGHTS: $(complete_line mlpplot mlpplot fit '')"
    [ "$(complete_line mlpplot mlpplot loss '')" = "$(printf 'rows.csv\nsub')" ] && ok \
        || bad "mlpplot loss LOG: $(complete_line mlpplot mlpplot loss '')"
    [ "$(complete_line mlpplot mlpplot surface '')" = "$(printf 'model.bin\nsub')" ] && ok \
        || bad "mlpplot surface WEIGHTS: $(complete_line mlpplot mlpplot surface '')"
    [ "$(complete_line mlpplot mlpplot -o x.png units model.bin '')" = "$(printf 'rows.csv\nsub')" ] && ok \
        || bad "mlpplot units WEIGHTS DATA: $(complete_line mlpplot mlpplot -o x.png units model.bin '')"
fi


# Typed LINE, then the words bash made of it (COMP_WORDBREAKS splits at ':'
# and '='), the last one being completed: as complete_line, with COMP_LINE.
complete_typed() {
    local file=$1 line=$2
    shift 2
    bash -c '
        . "$1"; COMP_LINE=$2; COMP_POINT=${#2}; shift 2
        fn=$1; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        "$fn"
        printf "%s\n" "${COMPREPLY[@]}"' complete "$ROOT/completions/$file" "$line" "_$file" "$@" | sed '/^$/d' | sort
}

# NumPy weights (.npz) are weights files too; a ':' in an option's value does
# not shift the count of arguments (it used to: "--grid 0:1:3 <TAB>" offered
# a CSV in place of the model, "--range -1:1 <TAB>" nothing); nothing after
# mlpplot loss LOG.csv (it used to offer a second CSV, which mlpplot refuses).
cd .. && mkdir -p npz/sub && cd npz || exit 1
touch model.bin model.npz rows.csv
models=$(printf 'model.bin\nmodel.npz\nsub')
got=$(complete_line mlptrain mlptrain --init-weights '')
[ "$got" = "$models" ] && ok || bad "mlptrain --init-weights offers: $got"
got=$(complete_line mlppredict mlppredict '')
[ "$got" = "$models" ] && ok || bad "mlppredict's first argument: $got"
got=$(complete_line mlppredict mlppredict model.npz '')
[ "$got" = "$(printf 'model.bin\nmodel.npz\nrows.csv\nsub')" ] && ok || bad "mlppredict model.npz ARG: $got"
got=$(complete_typed mlppredict 'mlppredict --grid 0:1:3 ' mlppredict --grid 0 : 1 : 3 '')
[ "$got" = "$models" ] && ok || bad "mlppredict --grid 0:1:3 offers: $got"
got=$(complete_line mlppredict mlppredict --grid 0 : 1 : 3 '')
[ "$got" = "$models" ] && ok || bad "mlppredict --grid 0:1:3 (no COMP_LINE) offers: $got"
got=$(complete_typed mlppredict 'mlppredict -g 0:1:3 model.bin ' mlppredict -g 0 : 1 : 3 model.bin '')
[ "$got" = "$(printf 'model.bin\nmodel.npz\nrows.csv\nsub')" ] && ok || bad "mlppredict -g 0:1:3 model.bin offers: $got"
if [[ $progs == *mlpplot* ]]; then
    got=$(complete_line mlpplot mlpplot surface '')
    [ "$got" = "$models" ] && ok || bad "mlpplot surface WEIGHTS: $got"
    got=$(complete_typed mlpplot 'mlpplot surface --range -1:1 ' mlpplot surface --range -1 : 1 '')
    [ "$got" = "$models" ] && ok || bad "mlpplot surface --range -1:1 offers: $got"
    got=$(complete_typed mlpplot 'mlpplot surface --range -1:1,-2:2 model.npz ' \
        mlpplot surface --range -1 : 1,-2 : 2 model.npz '')
    [ "$got" = "$(printf 'rows.csv\nsub')" ] && ok || bad "mlpplot surface --range -1:1,-2:2 model.npz offers: $got"
    got=$(complete_line mlpplot mlpplot loss rows.csv '')
    [ -z "$got" ] && ok || bad "mlpplot loss LOG.csv offers: $got"
    got=$(complete_line mlpplot mlpplot fit model.npz rows.csv '')
    [ -z "$got" ] && ok || bad "mlpplot fit WEIGHTS DATA offers: $got"
fi
# A ':' typed apart is a word of its own (with COMP_LINE at hand).
got=$(complete_typed mlppredict 'mlppredict : ' mlppredict : '')
[ "$got" = "$(printf 'model.bin\nmodel.npz\nrows.csv\nsub')" ] && ok || bad "mlppredict ' : ' offers: $got"

finish
