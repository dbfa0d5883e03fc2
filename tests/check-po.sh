#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a file with translatable strings is missing from po/POTFILES.in,
# or when a language of po/LINGUAS (Bokmål and Nynorsk, both required) has
# untranslated or fuzzy entries or misses a message.
set -eu
top=$1
cd "$top"
status=0

# Files that mark strings for translation
marked=$( (grep -rlE '(^|[^a-zA-Z_])(_|N_|C_|NC_|ngettext)\(' src --include='*.c';
           grep -rl 'translatable="yes"' ui --include='*.ui';
           ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml) | sort -u)
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort -u)

for f in $marked; do
  if ! printf '%s\n' "$listed" | grep -qx "$f"; then
    echo "po/POTFILES.in lacks $f" >&2
    status=1
  fi
done
for f in $listed; do
  [ -f "$f" ] || { echo "po/POTFILES.in lists $f, which does not exist" >&2; status=1; }
done

# Every message of the sources is in each language, translated, not fuzzy
pot=$(mktemp)
trap 'rm -f "$pot"' EXIT
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=ngettext:1,2 --keyword=g_dngettext:2,3 --add-comments=Translators \
  --files-from=po/POTFILES.in --directory=. -o "$pot" 2>/dev/null
languages=$(sed 's/#.*//' po/LINGUAS | tr -s ' \n' ' ')
for required in nb nn; do
  case " $languages " in
    *" $required "*) ;;
    *) echo "po/LINGUAS lacks $required" >&2; status=1 ;;
  esac
done
for lang in $languages; do
  po="po/$lang.po"
  missing=$(msgcmp --use-untranslated "$po" "$pot" 2>&1 || true)
  if [ -n "$missing" ]; then
    echo "$po lacks messages:" >&2
    echo "$missing" | head -20 >&2
    status=1
  fi

  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*) echo "$po is not complete: $stats" >&2; status=1 ;;
  esac
  if grep -q '^#, fuzzy' "$po"; then
    echo "$po has fuzzy entries" >&2
    status=1
  fi
  [ $status -eq 0 ] && echo "$po: $stats"
done

[ $status -eq 0 ] && echo "POTFILES.in complete"
exit $status
