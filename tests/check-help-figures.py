#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a figure of the user guide is not one the GUI tests take:
every <media src="figures/NAME"> of help/C is in help/C/figures, a PNG, and
saved by a GUI test (save_screenshot (…, "NAME") in tests/), so
build-aux/dev figures takes it again whenever the windows change; and every
file there is shown by a page, and installed (help/meson.build)."""

import pathlib
import re
import sys

top = pathlib.Path(sys.argv[1])
figures_dir = top / "help" / "C" / "figures"
shown = {}
for page in sorted((top / "help" / "C").glob("*.page")):
    for name in re.findall(r'<media[^>]*src="figures/([^"]+)"', page.read_text(encoding="utf-8")):
        shown.setdefault(name, page.name)
taken = set()
for source in sorted((top / "tests").glob("*.c")):
    taken.update(re.findall(r'save_screenshot\s*\([^,]+,\s*"([^"]+)"\)', source.read_text(encoding="utf-8")))

failures = []
for name, page in sorted(shown.items()):
    path = figures_dir / name
    if not path.is_file():
        failures.append(f"{page} shows figures/{name}, which is not in help/C/figures: run build-aux/dev figures")
    elif path.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
        failures.append(f"help/C/figures/{name} is not a PNG")
    if name not in taken:
        failures.append(f"{page} shows figures/{name}, which no GUI test takes (save_screenshot)")
for path in sorted(figures_dir.glob("*")):
    if path.name not in shown:
        failures.append(f"help/C/figures/{path.name} is shown by no page")
installed = set(re.findall(r"'figures/([^']+)'", (top / "help" / "meson.build").read_text(encoding="utf-8")))
for name in sorted(set(shown) ^ installed):
    failures.append(f"figures/{name}: help/meson.build installs what the pages show, no more, no less")
if not shown:
    failures.append("no page of the user guide shows a figure")
for failure in failures:
    print(failure, file=sys.stderr)
if failures:
    sys.exit(1)
print(f"{len(shown)} figures, each taken by a GUI test")
