#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The headless commands on a ten-year clinic of 4,000 patients, each against
# sqlite3 doing the same work on the same file, run in turn, median of 5:
#   --backup against sqlite3's .backup (target: at most 3x);
#   --export-registry against sqlite3 reading every row of the tables it
#   exports (target: at most 4x), against xmllint reading the XML it
#   wrote (target: at most 2x), and its own rate (target: 50 MB/s);
#   --report and --verify-audit against opening the clinic alone (a
#   calendar of a day with nothing booked): opening is at most half of
#   either.
set -eu
binary=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export XDG_DATA_HOME="$dir/data"
clinic="$dir/clinic.db"
runs=5

"$binary" --database="$clinic" --seed-demo=4000 >/dev/null
# The backup and the export are a clinician's
sqlite3 "$clinic" "UPDATE staff SET role = 'physician'"

# Seconds a command takes
timed() {
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  echo "$start $end" | awk '{ printf "%.4f\n", $2 - $1 }'
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Interleaved, the first of each thrown away: the page cache warm for both
: >"$dir/backup" ; : >"$dir/sqlite-backup" ; : >"$dir/export" ; : >"$dir/sqlite-read"
: >"$dir/open" ; : >"$dir/report" ; : >"$dir/verify" ; : >"$dir/xmllint"
i=0
while [ $i -le $runs ]; do
  rm -f "$dir/b1.db" "$dir/b2.db"
  a=$(timed "$binary" --database="$clinic" --backup="$dir/b1.db")
  b=$(timed sqlite3 "$clinic" ".backup '$dir/b2.db'")
  c=$(timed "$binary" --database="$clinic" --export-registry="$dir/registry.xml" --from=2000-01-01)
  d=$(timed sqlite3 "$clinic" "SELECT * FROM patients; SELECT * FROM courses; SELECT * FROM appointments;
    SELECT * FROM infusions; SELECT * FROM vitals; SELECT * FROM ratings; SELECT * FROM adverse_events;
    SELECT * FROM consents; SELECT * FROM eligibility; SELECT * FROM antidepressant_trials; SELECT * FROM staff;")
  e=$(timed "$binary" --database="$clinic" --export-calendar="$dir/day.ics" --from=2000-01-03 --to=2000-01-03)
  f=$(timed "$binary" --database="$clinic" --report="$dir/report.pdf" --from=2000-01-01)
  g=$(timed "$binary" --database="$clinic" --verify-audit)
  h=$(timed xmllint --noout "$dir/registry.xml")
  if [ $i -gt 0 ]; then
    echo "$a" >>"$dir/backup"; echo "$b" >>"$dir/sqlite-backup"
    echo "$c" >>"$dir/export"; echo "$d" >>"$dir/sqlite-read"
    echo "$e" >>"$dir/open"; echo "$f" >>"$dir/report"; echo "$g" >>"$dir/verify"
    echo "$h" >>"$dir/xmllint"
  fi
  i=$((i + 1))
done

bytes=$(stat -c %s "$dir/registry.xml")
awk -v a="$(median <"$dir/backup")" -v b="$(median <"$dir/sqlite-backup")" \
    -v c="$(median <"$dir/export")" -v d="$(median <"$dir/sqlite-read")" -v bytes="$bytes" 'BEGIN {
  r = a / b;
  printf "--backup, 4000 patients: %.3g s against %.3g s for sqlite3 .backup, %.2fx (target at most 3.00x): %s\n",
         a, b, r, (r <= 3) ? "met" : "NOT MET";
  r = c / d;
  printf "--export-registry, 4000 patients: %.3g s against %.3g s for sqlite3 reading every row, %.2fx (target at most 4.00x): %s\n",
         c, d, r, (r <= 4) ? "met" : "NOT MET";
  rate = bytes / 1e6 / c;
  printf "--export-registry, 4000 patients: %.3g MB/s, %.1f MB (target at least 50 MB/s): %s\n",
         rate, bytes / 1e6, (rate >= 50) ? "met" : "NOT MET" }'
awk -v c="$(median <"$dir/export")" -v x="$(median <"$dir/xmllint")" 'BEGIN {
  r = c / x;
  printf "--export-registry, 4000 patients: %.3g s against %.3g s for xmllint reading the file it wrote, %.2fx (target at most 2.00x): %s\n",
         c, x, r, (r <= 2) ? "met" : "NOT MET" }'
awk -v open="$(median <"$dir/open")" -v report="$(median <"$dir/report")" -v verify="$(median <"$dir/verify")" 'BEGIN {
  r = open / report;
  printf "--report, ten years of 4000 patients: opening %.3g s of %.3g s, %.2fx (target at most 0.50x): %s\n",
         open, report, r, (r <= 0.5) ? "met" : "NOT MET";
  r = open / verify;
  printf "--verify-audit, 4000 patients: opening %.3g s of %.3g s, %.2fx (target at most 0.50x): %s\n",
         open, verify, r, (r <= 0.5) ? "met" : "NOT MET" }'
