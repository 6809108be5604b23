#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What `mlpplot --help`, man/mlpplot.1 and README.md say of the surface's
# rows is what docs/plots.md says it draws. Since surface counts classes as
# mlptrain does, rows of a model without labels have class colours too (0/1
# targets under a sigmoid, one-hot target columns), and every coloured dot
# has a thin dark edge; the three texts still said "coloured by their true
# label", as if only labelled models had classes, and named no edge.
# mlpplot is the program beside mlptrain; without it there is no --help.
. "$(dirname "$0")/lib.sh" plot_surface_words "$@"
MLPPLOT=$(dirname "$MLPTRAIN")/mlpplot

# The ground truth: docs/plots.md, "surface: the decision surface".
plots=$ROOT/docs/plots.md
grep -q 'colour of its true class with a thin dark edge' "$plots" && ok || bad "docs/plots.md: the dark edge is not said"
grep -q '0/1 targets in the rows, both 0 and 1 present under a sigmoid output' "$plots" \
    && grep -q 'or one-hot rows under several' "$plots" && ok || bad "docs/plots.md: the classes without labels are not said"

# Each text's words about the surface, on one line.
texts=()
if [ -x "$MLPPLOT" ]; then
    "$MLPPLOT" --help | awk '/^  surface/ { on = 1 } /^  units/ { on = 0 } on' | tr '\n' ' ' > help.txt
    texts+=(help.txt)
fi
awk '/^\.B surface/ { on = 1; next } on && /^\.TP/ { on = 0 } on' "$ROOT/man/mlpplot.1" | tr '\n' ' ' > man.txt
awk '/`surface` shades/ { on = 1 } on { print } on && /ringed/ { exit }' "$ROOT/README.md" | tr '\n' ' ' > readme.txt
texts+=(man.txt readme.txt)
for t in "${texts[@]}"; do
    [ -s "$t" ] || { bad "$t: the surface's text was not found"; continue; }
    sed 's/  */ /g' "$t" > words
    grep -q 'true label' words && bad "$t: the rows are said to be coloured by their true label: $(cat words)" || ok
    grep -q 'dark.edge' words && ok || bad "$t: no dark edge: $(cat words)"
    grep -q '0/1 target' words && grep -q 'sigmoid' words && grep -q 'one-hot' words \
        && ok || bad "$t: the classes without labels are not named: $(cat words)"
    grep -q 'ringed' words && ok || bad "$t: the wrong rows' rings are not named: $(cat words)"
done
finish
