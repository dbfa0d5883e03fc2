#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a translation uses a word po/GLOSSARY.md rules out: for each
rule, a message whose English has a word of the rule's first column must
not have a word of its column "never" in its Bokmål translations, nor of its
column "never (nn)" in its Nynorsk ones: the user interface's (po/) and the
user guide's (help/LANGUAGE/)."""

import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from po_messages import messages  # noqa: E402

top = pathlib.Path(sys.argv[1])
glossary = (top / "po" / "GLOSSARY.md").read_text(encoding="utf-8")
table = glossary.split("<!-- rules:", 1)[1].split("<!-- end rules -->", 1)[0]

rules = []
for line in table.splitlines():
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if len(cells) < 5 or cells[0] in ("English", "") or set(cells[0]) <= set("-"):
        continue
    english = [] if cells[0] == "*" else [word.strip() for word in cells[0].split(",")]
    never = {language: [word.strip() for word in cells[column].split(",") if word.strip()]
             for language, column in (("nb", 3), ("nn", 4))}
    rules.append((english, never))
if len(rules) < 10:
    sys.exit("po/GLOSSARY.md: the table of rules was not found")


def starts_word(word):
    """A word's start, or in quotes ("en skår") the whole word"""
    if len(word) > 2 and word[0] == word[-1] == '"':
        return re.compile(r"(?<![\w])" + re.escape(word[1:-1]) + r"(?![\w])", re.IGNORECASE)
    return re.compile(r"(?<![\w])" + re.escape(word), re.IGNORECASE)


failures = 0
checked = set()
for po in sorted((top / "po").glob("*.po")) + sorted((top / "help").glob("*/*.po")):
    language = po.stem
    if language not in ("nb", "nn"):
        sys.exit(f"{po}: the glossary has no column for the language {language}")
    checked.add(language)
    for english, translations in messages(po):
        for triggers, never in rules:
            if triggers and not any(starts_word(word).search(english) for word in triggers):
                continue
            for translation in translations:
                for word in never[language]:
                    if starts_word(word).search(translation):
                        failures += 1
                        print(f"{po.name}: «{word}» where the glossary says otherwise: {english!r} -> {translation!r}",
                              file=sys.stderr)
if failures:
    sys.exit(1)
if checked != {"nb", "nn"}:
    sys.exit(f"the glossary checked {sorted(checked)}, not both Bokmål and Nynorsk")
print(f"{len(rules)} glossary rules hold in every translation")
