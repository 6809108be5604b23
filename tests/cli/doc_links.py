#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Every relative link in the Markdown files leads somewhere.

    tests/cli/doc_links.py ROOT [FILE.md ...]   (default: every *.md git tracks under ROOT)

A link [text](path), [text](path#anchor) or [text](#anchor) outside code must
name a file or folder that exists (relative to the file that links), and its
anchor a heading of that Markdown file, spelt as GitHub spells heading anchors:
lower case, every character but letters, digits, spaces, '-' and '_' dropped,
spaces made '-', and the second of two equal headings given '-1', the third
'-2'. Links to http(s) and other schemes are not followed. Prints one line
per broken link, FILE:LINE: TARGET: what is wrong, and the count; exits 1
when there is one.
"""
import os
import re
import subprocess
import sys

LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


def prose_lines(path, inline_code=False):
    """(number, line) of a Markdown file outside fenced code; inline code removed
    unless inline_code (a heading's anchor keeps the text of its code)."""
    fenced = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if line.lstrip().startswith("```"):
                fenced = not fenced
            elif not fenced:
                yield number, line if inline_code else re.sub(r"`[^`]*`", "", line)


def slug(heading):
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.replace("`", "")).strip().lower()
    return "".join(c for c in text if c.isalnum() or c in " -_").replace(" ", "-")


def anchors(path, cache={}):
    if path not in cache:
        seen = {}
        for _, line in prose_lines(path, inline_code=True):
            m = HEADING.match(line)
            if m:
                s = slug(m.group(1))
                seen[s] = seen.get(s, -1) + 1
                cache.setdefault(path, set()).add(s if seen[s] == 0 else f"{s}-{seen[s]}")
        cache.setdefault(path, set())
    return cache[path]


def tracked(root):
    """The *.md files git tracks under root; outside a git checkout (a source
    tarball), every *.md but those of build folders."""
    try:
        return subprocess.run(["git", "-C", root, "ls-files", "*.md"], check=True,
                              capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        found = []
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [d for d in subfolders if not d.startswith((".", "build"))]
            found += [os.path.relpath(os.path.join(folder, n), root) for n in names if n.endswith(".md")]
        return sorted(found)


def main(argv):
    root = argv[1]
    files = argv[2:] or tracked(root)
    broken = checked = 0
    for name in files:
        path = os.path.join(root, name)
        for number, line in prose_lines(path):
            for target in LINK.findall(line):
                if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", target):
                    continue
                checked += 1
                file_part, _, anchor = target.partition("#")
                linked = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) \
                    if file_part else path
                problem = None
                if not os.path.exists(linked):
                    problem = "no such file or folder"
                elif anchor and linked.endswith(".md") and anchor not in anchors(linked):
                    problem = f"{os.path.relpath(linked, root)} has no heading #{anchor}"
                if problem:
                    print(f"{name}:{number}: {target}: {problem}")
                    broken += 1
    print(f"{checked} relative links, {broken} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
