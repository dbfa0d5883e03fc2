#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The user guide's figures from the GUI tests' screenshots.

usage: update-help-figures.py TOP SCREENSHOTS

Copies each figure a page of help/C shows (<media src="figures/NAME.png">)
from the screenshots the GUI tests saved (LYSNING_SCREENSHOT_DIR), at most
800 pixels wide, into help/C/figures; then brings the guide's translations
up to date, each figure's reference (which names its checksum) kept as the
English one, so every language shows the new figure."""

import pathlib
import re
import subprocess
import sys
import tempfile

top = pathlib.Path(sys.argv[1])
shots = pathlib.Path(sys.argv[2])
pages = sorted((top / "help" / "C").glob("*.page"))

figures = sorted({name for page in pages
                  for name in re.findall(r'<media[^>]*src="figures/([^"]+)"', page.read_text(encoding="utf-8"))})
missing = [name for name in figures if not (shots / name).is_file()]
if missing:
    sys.exit("the GUI tests saved no " + ", ".join(missing) + f" in {shots}")
target = top / "help" / "C" / "figures"
target.mkdir(exist_ok=True)
for old in target.glob("*.png"):
    if old.name not in figures:
        old.unlink()
for name in figures:
    subprocess.run(["convert", str(shots / name), "-resize", "800x>", "-strip", str(target / name)], check=True)

with tempfile.TemporaryDirectory() as work:
    pot = pathlib.Path(work) / "help.pot"
    subprocess.run(["itstool", "-o", str(pot)] + [str(page.relative_to(top)) for page in pages], check=True, cwd=top)
    for language in (top / "help" / "LINGUAS").read_text(encoding="utf-8").split():
        po = top / "help" / language / f"{language}.po"
        subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--update", "--backup=none", str(po), str(pot)],
                       check=True)
        subprocess.run(["msgattrib", "--no-obsolete", "--no-wrap", "-o", str(po), str(po)], check=True)
        text = po.read_text(encoding="utf-8")
        # A figure's reference is the English one: the same file, the same checksum
        text = re.sub(r'(msgctxt "_"\nmsgid "(external ref=[^"]*)"\n)msgstr ".*"', r'\1msgstr "\2"', text)
        po.write_text(text, encoding="utf-8")
        subprocess.run(["msgcat", "-o", str(po), str(po)], check=True)
print(f"{len(figures)} figures in help/C/figures")
