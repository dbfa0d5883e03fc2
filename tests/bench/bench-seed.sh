#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Seeds 4,000 patients with ten years of history; the target is under 30 s.
set -eu
binary=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
start=$(date +%s.%N)
"$binary" --database="$dir/bench.db" --seed-demo=4000
end=$(date +%s.%N)
size=$(du -k "$dir/bench.db" | cut -f1)
awk -v s="$start" -v e="$end" -v k="$size" 'BEGIN { printf "seed-4000: %.2f s (target under 30 s), database %d KiB\n", e - s, k }'
