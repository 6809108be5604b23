#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test_doc_links.sh: every relative link in the repository's Markdown leads to
# a file that exists and, with #anchor, to a heading of it (tests/cli/doc_links.py,
# GitHub's spelling of heading anchors). First the checker itself, on made-up
# pages whose broken links are known: it must name each one and pass the rest.
. "$(dirname "$0")/lib.sh" doc_links "$@"
PYTHON=/usr/bin/python3
CHECK="$ROOT/tests/cli/doc_links.py"

mkdir -p pages/docs
cat > pages/docs/b.md << 'MD'
# Page B
## Continuing from a file (`--init-weights`)
## Results
## Results
MD
cat > pages/a.md << 'MD'
[fine](docs/b.md) [fine](docs/b.md#page-b) [fine](docs/b.md#continuing-from-a-file---init-weights)
[fine](docs/b.md#results-1) [fine](#top-of-a) [fine](https://example.org/x#y) [fine](docs)
[gone](docs/c.md) [no heading](docs/b.md#results-2) [no heading](#nowhere)
`[in code](docs/d.md)`
```
[in a fence](docs/e.md)
```
# Top of A
MD
out=$("$PYTHON" "$CHECK" pages a.md docs/b.md)
status=$?
want='a.md:3: docs/c.md: no such file or folder
a.md:3: docs/b.md#results-2: docs/b.md has no heading #results-2
a.md:3: #nowhere: a.md has no heading #nowhere
9 relative links, 3 broken'
[ "$status" = 1 ] && [ "$out" = "$want" ] && ok || bad "the checker on known pages (exit $status, want 1):
$out
want
$want"

# The repository's own Markdown.
out=$("$PYTHON" "$CHECK" "$ROOT")
status=$?
[ "$status" = 0 ] && ok || bad "broken links in the docs:
$out"
grep -qE '^[1-9][0-9]+ relative links, 0 broken$' <<< "$out" && ok \
    || bad "the docs must hold some relative links, all whole: $out"

finish
