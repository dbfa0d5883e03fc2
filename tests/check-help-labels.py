#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when the user guide names a label the windows do not show: every
<gui> of the pages (help/C) is a message of the user interface, and every
<gui> of a translated page (help/LANGUAGE/LANGUAGE.po) is that message's
translation in po/LANGUAGE.po. Mnemonics and a closing "…" do not count."""

import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from po_messages import messages  # noqa: E402

top = pathlib.Path(sys.argv[1])


def label(text):
    return re.sub(r"\s*…$", "", re.sub(r"\s+", " ", text.replace("_", ""))).strip()


def guis(text):
    return [label(m) for m in re.findall(r"<gui(?:\s[^>]*)?>([^<]*)</gui>", text)]


failures = 0
english = set()
for msgid, _ in messages(top / "po" / "nb.po"):
    english.add(label(msgid))
for page in sorted((top / "help" / "C").glob("*.page")):
    for name in guis(page.read_text(encoding="utf-8")):
        if name not in english and name != "+":
            failures += 1
            print(f"{page.name}: «{name}» is no label of the user interface", file=sys.stderr)

for language in (top / "help" / "LINGUAS").read_text(encoding="utf-8").split():
    shown = set()
    for _, strs in messages(top / "po" / f"{language}.po"):
        shown.update(label(s) for s in strs)
    for msgid, strs in messages(top / "help" / language / f"{language}.po"):
        for text in strs:
            for name in guis(text):
                if name not in shown and name != "+":
                    failures += 1
                    print(f"help/{language}: «{name}» is not how the {language} user interface reads", file=sys.stderr)
if failures:
    sys.exit(1)
print("the user guide names only labels the windows show")
