#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_manpages.sh: the manual pages in man/ cannot go stale. Every long
# option of `mlptrain --help`, `mlppredict --help` and `mlpplot --help` has
# an item in its page and every item there is still an option; every key of
# docs/spec.md has an item in mlp-spec(5) and every item there is a key;
# each page's version is project(VERSION); groff renders each page without
# a warning; every message a page shows is one the checked docs show.
. "$(dirname "$0")/lib.sh" manpages "$@"

version=$(sed -n 's/^project(mlp VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")

# The text of a page's item heads (the line after each .TP), fonts and
# escapes removed: "\fB\-\-config\fR" -> "--config".
items() {
    awk 'tp { print; tp = 0 } /^\.TP/ { tp = 1 }' "$1" | sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\(dq/"/g'
}
long_options() { grep -oE -- '--[a-z][a-z0-9-]*' | sort -u; }

# mlpplot's page is checked when mlpplot is built beside mlptrain.
progs="mlptrain mlppredict"
[ -x "$(dirname "$MLPTRAIN")/mlpplot" ] && progs="$progs mlpplot"
for prog in $progs; do
    page=$ROOT/man/$prog.1
    bin=$(dirname "$MLPTRAIN")/$prog
    [ "$prog" = mlptrain ] && bin=$MLPTRAIN
    [ "$prog" = mlppredict ] && bin=$MLPPREDICT
    "$bin" --help | long_options > "$prog.help"
    items "$page" | long_options > "$prog.man"
    [ -s "$prog.help" ] && ok || bad "$prog --help lists no long options"
    missing=$(comm -23 "$prog.help" "$prog.man")
    [ -z "$missing" ] && ok || bad "options of $prog --help without an item (.TP) in man/$prog.1; describe them there: $missing"
    stale=$(comm -13 "$prog.help" "$prog.man")
    [ -z "$stale" ] && ok || bad "items of man/$prog.1 that $prog --help no longer lists; remove them: $stale"
done

# docs/spec.md: the first column of every key table, `name`.
sed -n '/^## Keys/,/^## The built-in/p' "$ROOT/docs/spec.md" \
    | sed -n 's/^| `\([a-z0-9_]*\)` |.*/\1/p' | sort -u > spec.keys
items "$ROOT/man/mlp-spec.5" | sed -n 's/^\.B \([a-z0-9_]*\)$/\1/p' | sort -u > spec.man
[ "$(wc -l < spec.keys)" -ge 30 ] && ok || bad "found only $(wc -l < spec.keys) keys in docs/spec.md; did its tables change form?"
missing=$(comm -23 spec.keys spec.man)
[ -z "$missing" ] && ok || bad "keys of docs/spec.md without an item (.TP .B key) in man/mlp-spec.5; describe them there: $missing"
stale=$(comm -13 spec.keys spec.man)
[ -z "$stale" ] && ok || bad "items of man/mlp-spec.5 that docs/spec.md does not list; remove them: $stale"

# Every message a page shows ("mlptrain: ...") must be a whole line of
# README.md or docs/, where such lines stand in the checked examples
# (docs_examples.py re-runs them): a page's message cannot go stale
# without failing here or there.
for page in "$ROOT"/man/*.[1-8]; do
    while IFS= read -r line; do
        msg=$(sed -e 's/\\-/-/g' -e 's/\\(dq/"/g' -e 's/\\e/\\/g' <<< "$line")
        grep -qxF -- "$msg" "$ROOT/README.md" "$ROOT"/docs/*.md && ok \
            || bad "$page shows a message that no checked example in README.md or docs/ shows: $msg"
    done < <(grep -E '^(mlptrain|mlppredict|mlpplot): ' "$page")
done

for page in "$ROOT"/man/*.[1-8]; do
    th=$(grep -m1 '^\.TH' "$page")
    grep -q "\"mlp $version\"" <<< "$th" && ok || bad "$page: .TH says \"$th\", expected \"mlp $version\" (project(VERSION))"
    warnings=$(groff -man -ww -z "$page" 2>&1)
    [ -z "$warnings" ] && ok || bad "$page: groff warns: $warnings"
    head -1 "$page" | grep -q 'SPDX-License-Identifier: MIT' && ok || bad "$page has no SPDX line"
done

# What every program shares is said alike in its --help and its page: the
# variables the default thread count reads (src/pool.c, docs/threads.md),
# and the exit status of each signal that stops it (docs/exit-codes.md).
vars=$(grep -oE '"[A-Z]+_NUM_THREADS"' "$ROOT/src/pool.c" | tr -d '"' | sort -u)
[ "$(echo "$vars" | wc -l)" -ge 3 ] && ok || bad "src/pool.c names only: $vars"
signal_codes=$(sed -n 's/^| \(1[0-9][0-9]\(, 1[0-9][0-9]\)*\) *|.*SIG.*/\1/p' "$ROOT/docs/exit-codes.md" | tr ',' '\n' | tr -d ' ' | sort -u)
[ "$signal_codes" = "$(printf '129\n130\n143')" ] && ok || bad "docs/exit-codes.md's signal codes: $signal_codes"
for prog in $progs; do
    page=$ROOT/man/$prog.1
    bin=$(dirname "$MLPTRAIN")/$prog
    text=$(groff -man -Tascii -P-cbou "$page" 2> /dev/null)
    help=$("$bin" --help)
    status=$(sed -n '/^EXIT STATUS/,/^[A-Z]/p' <<< "$text")
    for code in $signal_codes; do
        grep -qw "$code" <<< "$status" && ok || bad "man/$prog.1's EXIT STATUS does not give $code"
        sed -n '/^Exit status/,$p' <<< "$help" | grep -qw "$code" && ok || bad "$prog --help's exit status does not give $code"
    done
    [ "$prog" = mlpplot ] && continue # it has no --threads
    for v in $vars; do
        sed -n '/^ENVIRONMENT/,/^[A-Z]/p' <<< "$text" | grep -qw "$v" && ok || bad "man/$prog.1's ENVIRONMENT does not name $v"
        grep -qw "$v" <<< "$help" && ok || bad "$prog --help does not name $v for the default --threads"
    done
done

finish
