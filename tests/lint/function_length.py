#!/usr/bin/env python3
"""Fails when a function in lib/, server/, indexer/ or cli/ is longer than LIMIT lines (default 80).

A function is a line that opens a definition at indentation 0-4 (a free function, a member
defined in its class) up to its closing brace, lambdas inside included. A heuristic, not a
parser: it errs towards finding a function too long, which a split then fixes.
  python3 tests/lint/function_length.py [ROOT] [LIMIT]
"""
import glob
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 80
start = re.compile(
    r"^(\s{0,4})(?!if\b|for\b|while\b|switch\b|else\b|return\b|namespace\b|struct\b|class\b|enum\b)"
    r"[A-Za-z_][\w:<>,~*&\[\] ]*\([^;]*\)\s*(const)?\s*(noexcept)?\s*(override)?\s*(->\s*[\w:<>]+\s*)?\{\s*$")
patterns = ["lib/**/*.cpp", "lib/**/*.h", "server/**/*.cpp", "server/**/*.h", "indexer/*.cpp", "cli/*.cpp"]
too_long = []
for path in sorted(f for p in patterns for f in glob.glob(f"{root}/{p}", recursive=True)):
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if not start.match(lines[i]):
            i += 1
            continue
        depth, j = 0, i
        while j < len(lines):
            depth += lines[j].count("{") - lines[j].count("}")
            if depth <= 0:
                break
            j += 1
        length = j - i + 1
        if length > limit:
            too_long.append(f"{path[len(root) + 1:]}:{i + 1}: {length} lines: {lines[i].strip()[:70]}")
        i = j + 1
print("\n".join(too_long) if too_long else f"no function longer than {limit} lines")
sys.exit(1 if too_long else 0)
