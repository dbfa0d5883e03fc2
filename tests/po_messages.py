# SPDX-License-Identifier: GPL-3.0-or-later
"""The messages of a .po file, as the checks of the translations read them."""

import re


def unquote(parts):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', parts)).replace('\\"', '"').replace("\\n", "\n")


def messages(path):
    """Each message that is not obsolete: its original (the plural after a
    line break), and its translations"""
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        if block.lstrip().startswith("#~"):
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.MULTILINE)
        if msgid is None:
            continue
        original = unquote(msgid.group(1))
        plural = re.search(r'^msgid_plural ((?:".*"\n?)+)', block, re.MULTILINE)
        if plural:
            original += "\n" + unquote(plural.group(1))
        translations = [unquote(m) for m in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.MULTILINE)]
        if original:
            yield original, translations
