#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Seeding grows linearly: --seed-demo at 400, 4,000 and 20,000 patients with
# ten years of history. The reference is the time per patient at 400, in
# the same run; the target, at most 1.5x that per patient at the larger
# sizes.
set -eu
binary=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export XDG_DATA_HOME="$dir/data"

seed() {
  start=$(date +%s.%N)
  "$binary" --database="$dir/seed-$1.db" --seed-demo="$1" >/dev/null
  end=$(date +%s.%N)
  echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }'
}

reference=$(seed 400)
for n in 4000 20000; do
  seconds=$(seed $n)
  size=$(du -k "$dir/seed-$n.db" | cut -f1)
  awk -v n="$n" -v s="$seconds" -v r="$reference" -v k="$size" 'BEGIN {
    per = s / n * 1000; ref = r / 400 * 1000; ratio = per / ref;
    printf "seed-demo, %d patients (%d KiB): %.3g ms a patient against %.3g ms at 400 patients, %.2fx (target at most 1.50x): %s\n",
           n, k, per, ref, ratio, (ratio <= 1.5) ? "met" : "NOT MET" }'
done
