#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A cell that nearly is a number (docs/csv.md, "Numbers"): the hint gives
# the number it stands for only where its text has one reading. It gave the
# part before the first character strtod stops at: "write 1 without the
# ' 234,5'" for a no-break space between thousands, "write 1.234 without
# the '.5'" for 1.234,5 after the tr ',;' '.,' that the semicolon message
# suggests. Here the spreadsheet's way: a German file through that tr, then
# the advice followed, and a French one with no-break spaces.
. "$(dirname "$0")/lib.sh" near_numbers "$@"
expect_error() { # NAME WANT-STDERR SPEC
    local rc=0
    "$MLPTRAIN" -q -c "$3" -w w.bin -o l.csv 2>err.txt || rc=$?
    error_is "$1" 2 "$2" "$rc" "$(cat err.txt)" && ok
    [ ! -e w.bin ] && [ ! -e l.csv ] && ok || bad "$1: an output was written"
}
printf '{"layers":[1,4,1],"activations":["tanh","linear"],"loss":"mse","epochs":3,"data":{"train":"t.csv"}}' >t.json

# German: points between thousands, decimal commas, semicolons.
printf 'x;y\n1.234,5;0,5\n2.000,25;1,5\n3.100;2\n' >de.csv
tr ',;' '.,' <de.csv >t.csv
expect_error "1.234,5 after tr" "mlptrain: t.csv:2:1: value \"1.234.5\" in column \"x\" is not a number; a number has one decimal point and no thousands separators: write 1234.5 (a file that writes 1.234,5 needs its thousands points removed before tr ',;' '.,' turns its decimal commas into points)" t.json
# The advice followed: the points removed first, the file trains on 1234.5.
tr -d '.' <de.csv | tr ',;' '.,' >t.csv
[ "$(sed -n 2p t.csv)" = "1234.5,0.5" ] && ok || bad "the advice did not give 1234.5: $(sed -n 2p t.csv)"
"$MLPTRAIN" -q -c t.json -w w.bin -o l.csv 2>err.txt && ok || bad "the advice followed: $(cat err.txt)"
rm -f w.bin l.csv

# French: a no-break space (U+00A0) between thousands, in the target.
printf 'x,y\n1,"1\xc2\xa0234,5"\n2,0.5\n3,1.5\n' >t.csv
expect_error "no-break space" "$(printf 'mlptrain: t.csv:2:3: value "1\xc2\xa0234,5" in target column "y" is not a number; cells must hold a number alone: write 1234.5 (thousands separators, here U+00A0 no-break spaces, are not read, and the decimal mark is a point)')" t.json

# An accounting export's trailing minus, and a date: no number that is wrong.
printf 'x,y\n12-,0.5\n2,1.5\n' >t.csv
expect_error "trailing minus" 'mlptrain: t.csv:2:1: value "12-" in column "x" is not a number; a minus sign goes before the number: write -12, not 12-' t.json
printf 'x,y\n2024-01-05,0.5\n2024-01-06,1.5\n' >t.csv
expect_error "date" 'mlptrain: t.csv:2:1: value "2024-01-05" in column "x" is not a number; a date or a time is not read as a number: write it as one, such as the days since a fixed date' t.json
finish
