#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a language of the user guide (help/LINGUAS) lacks a message of
# the pages, has one untranslated or fuzzy, or makes a page that is not
# valid Mallard.
set -eu
top=$1
cd "$top"
status=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

itstool -o "$work/help.pot" help/C/*.page
for lang in $(sed 's/#.*//' help/LINGUAS); do
  po="help/$lang/$lang.po"
  missing=$(msgcmp --use-untranslated "$po" "$work/help.pot" 2>&1 || true)
  if [ -n "$missing" ]; then
    echo "$po lacks messages of the pages:" >&2
    echo "$missing" | head -20 >&2
    status=1
  fi
  stats=$(LC_ALL=C msgfmt --check --statistics -o "$work/$lang.mo" "$po" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*) echo "$po: $stats" >&2; status=1 ;;
  esac
  mkdir "$work/$lang"
  itstool -m "$work/$lang.mo" -o "$work/$lang/" help/C/*.page
  yelp-check validate "$work/$lang" || { echo "$po makes pages that are not valid Mallard" >&2; status=1; }
  echo "help/$lang: $stats"
done
exit $status
