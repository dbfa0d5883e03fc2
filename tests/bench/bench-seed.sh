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
echo "seed-4000: $(echo "$end - $start" | bc) s, database ${size} KiB"
