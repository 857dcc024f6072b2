#!/bin/bash
# Every binary32 encoding (2^32) rounded to bfloat16 to nearest-even, against the
# exact-integer reference (MPFR on every 1024th case and on the cases it does not
# cover), as SHARDS shards under GNU parallel; the shards run are merged into
# results/binary32-bfloat16.{txt,json}. FIRST/LAST select a part (default: all).
#
#   validation/exhaustive/binary32-bfloat16.sh            # all 64 shards, 2 at a time
#   FIRST=0 LAST=7 validation/exhaustive/binary32-bfloat16.sh   # a measured fraction
# On a cluster:  scripts/slurm/submit.sh 64 "$PWD/b32-bf16" \
#     --exhaustive convert --source binary32 --format bfloat16 --mode nearest-even
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHOP=${CHOP:-$ROOT/.build/release/chop}
SHARDS=${SHARDS:-64}; FIRST=${FIRST:-0}; LAST=${LAST:-$((SHARDS - 1))}; JOBS=${JOBS:-2}
OUT=$ROOT/validation/exhaustive/results
WORK=${WORK:-/tmp/chop-b32-bf16}
mkdir -p "$OUT" "$WORK"
LOG=$OUT/binary32-bfloat16.log
echo "# shards $FIRST..$LAST of $SHARDS, $JOBS at a time; $(date -u +%FT%TZ); before: $(uptime)" > "$LOG"
export CHOP SHARDS WORK
start=$(date +%s)
seq "$FIRST" "$LAST" | nice -n 5 parallel -j "$JOBS" \
    '"$CHOP" verify --exhaustive convert --source binary32 --format bfloat16 --mode nearest-even --shard {}/$SHARDS --threads 1 --json-out "$WORK/shard-{}.json" --output table > /dev/null 2>> "$WORK/shard-{}.err" || [ $? -eq 1 ]'
echo "# wall $(( $(date +%s) - start )) s; after: $(uptime)" >> "$LOG"
"$CHOP" verify merge "$WORK"/shard-*.json --output json > "$OUT/binary32-bfloat16.json" 2>> "$LOG" || true
"$CHOP" verify merge "$WORK"/shard-*.json --output table > "$OUT/binary32-bfloat16.txt" 2>> "$LOG" || true
cat "$OUT/binary32-bfloat16.txt"
