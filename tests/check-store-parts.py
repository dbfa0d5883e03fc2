#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when the store's parts (src/core/store/lys-store-PART.c) call each
other in a circle: a part may call a part it builds on, and never one that
builds on it. Names which parts go round, and which functions close the
circle. lys-store.c, the store's plumbing and opening, is not a part."""

import pathlib
import re
import sys

store = pathlib.Path(sys.argv[1]) / "src" / "core" / "store"
sources = {path.name: re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
           for path in sorted(store.glob("lys-store-*.c"))}
if len(sources) < 10:
    sys.exit(f"{store}: the store's parts were not found")

# Where each function is defined: a name at the start of a line, then "("
defined = {}
for name, text in sources.items():
    for match in re.finditer(r"^(_?lys_\w+)\s*\(", text, re.M):
        defined.setdefault(match.group(1), name)

calls = {name: {} for name in sources}
for name, text in sources.items():
    for function, home in defined.items():
        if home != name and re.search(r"\b" + function + r"\s*\(", text):
            calls[name].setdefault(home, []).append(function)

# Tarjan's strongly connected components: a circle is one of more than one part
index, low, stack, on_stack, circles = {}, {}, [], set(), []


def visit(part):
    index[part] = low[part] = len(index)
    stack.append(part)
    on_stack.add(part)
    for other in calls[part]:
        if other not in index:
            visit(other)
            low[part] = min(low[part], low[other])
        elif other in on_stack:
            low[part] = min(low[part], index[other])
    if low[part] == index[part]:
        circle = []
        while True:
            other = stack.pop()
            on_stack.discard(other)
            circle.append(other)
            if other == part:
                break
        if len(circle) > 1:
            circles.append(sorted(circle))


for part in sources:
    if part not in index:
        visit(part)

for circle in circles:
    print(f"These store parts call each other in a circle: {', '.join(circle)}")
    for part in circle:
        for other in circle:
            if other in calls[part]:
                print(f"  {part} calls {other}: {', '.join(sorted(calls[part][other]))}")
print(f"{len(sources)} store parts, {sum(len(c) for c in calls.values())} calls between them")
sys.exit(1 if circles else 0)
