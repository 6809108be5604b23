#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/extending.md names every file that lists the kinds one by one, in the
# steps a new kind follows. An eighth activation added as the guide said
# left tests/test_spec.c and tests/test_npz.c failing and docs/numpy.md
# (KeyError in its forward pass), man/mlp-spec.5, docs/diagnostics.md and
# include/mlp/diagnose.h out of date, none of them in the steps; the
# optimizer section named only docs/optimizers.md and docs/spec.md, while
# README.md, both man pages and mlptrain --help list the optimizers too.
# - Activations: every file that names the table's last activation (the one
#   added most recently, whose name is in each list of kinds) must be named
#   in "Adding an activation, step by step". The names come from mlptrain.
# - Optimizers: every doc, man page, header or source file that names
#   momentum, adam and irprop together must be named in "Adding an
#   optimizer".
# Usage: test_extending.sh MLPTRAIN MLPPREDICT   (run from the repository root by ctest)
. "$(dirname "$0")/lib.sh" extending "$@"
GUIDE=$ROOT/docs/extending.md

section() { # HEADING: the text of docs/extending.md from "## HEADING" to the next "## "
    awk -v h="## $1" '$0 == h { on = 1; next } /^## / { on = 0 } on' "$GUIDE"
}
# names_all FILES-IN SECTION-TEXT WHAT: each path of FILES-IN is in the section.
names_all() {
    local missing=""
    while read -r f; do
        grep -qF "$f" <<< "$2" || missing="$missing $f"
    done < "$1"
    [ -s "$1" ] && [ -z "$missing" ] && ok \
        || bad "docs/extending.md, $3, does not name:$missing (found $(wc -l < "$1") files)"
}

# The activation names, as the spec reader offers them for an unknown one.
printf 'x,y\n0,0\n' > d.csv
printf '{"layers": [1, 1], "activations": ["no_such_activation"], "loss": "mse", "data": {"train": "d.csv"}}' > n.json
"$MLPTRAIN" -q -c n.json > /dev/null 2> err.txt
last=$(sed -n 's/.*use one of: .*, \([a-z_]*\)$/\1/p' err.txt)
[ -n "$last" ] && ok || bad "no activation names from mlptrain: $(cat err.txt)"

# Files where the word is not the activation: the softplus function of the
# cross-entropy losses (src/loss.c, docs/losses.md), a note on history
# (src/npz.c); the guide and this test.
not_a_list() {
    case $1 in
    docs/extending.md | tests/cli/test_extending.sh) return 0 ;;
    docs/losses.md | src/loss.c | src/npz.c) [ "$last" = softplus ] ;;
    *) return 1 ;;
    esac
}
steps=$(section "Adding an activation, step by step")
[ -n "$steps" ] && ok || bad "docs/extending.md has no section \"Adding an activation, step by step\""
(cd "$ROOT" && grep -rlw --include='*.[ch]' --include='*.md' --include='*.py' --include='*.sh' \
    --include='*.[15]' -e "$last" README.md docs man include src scripts tests | sort) > lists.txt
while read -r f; do not_a_list "$f" || echo "$f"; done < lists.txt > act-files.txt
names_all act-files.txt "$steps" "step by step, of the files that name $last"

section_opt=$(section "Adding an optimizer")
(cd "$ROOT" && grep -rlw -e momentum README.md docs man include src | sort) > m.txt
(cd "$ROOT" && grep -rlw -e adam README.md docs man include src | sort) > a.txt
(cd "$ROOT" && grep -rl -e 'irprop' README.md docs man include src | sort) > i.txt
comm -12 m.txt a.txt | comm -12 - i.txt | grep -vx 'docs/extending.md' > opt-files.txt
names_all opt-files.txt "$section_opt" "\"Adding an optimizer\", of the files that list the optimizers"
finish
