#!/bin/bash
# Submits an exhaustive verification as a Slurm job array plus a dependent merge.
#
#   scripts/slurm/submit.sh SHARDS OUTDIR CHOP-VERIFY-OPTIONS...
#   e.g. scripts/slurm/submit.sh 256 "$PWD/sweep-b32-bf16" \
#          --exhaustive convert --source binary32 --format bfloat16 --mode nearest-even
#
# CHOP (default: .build/release/chop) is the executable; extra sbatch options (partition,
# account, time limit) go in SBATCH_EXTRA, e.g. SBATCH_EXTRA="--partition=short --time=00:30:00".
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 SHARDS OUTDIR CHOP-VERIFY-OPTIONS..." >&2; exit 2; }
SHARDS=$1; OUT=$2; shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
CHOP=$(readlink -f "${CHOP:-.build/release/chop}")
mkdir -p "$OUT/results" "$OUT/logs"
export CHOP OUT SHARDS SPACE="$*"
# shellcheck disable=SC2086
ARRAY=$(sbatch --parsable ${SBATCH_EXTRA:-} --array="0-$((SHARDS - 1))" --export=ALL \
    --output="$OUT/logs/shard-%a.log" "$HERE/verify-array.sbatch")
ARRAY=${ARRAY%%;*}
# shellcheck disable=SC2086
MERGE=$(sbatch --parsable ${SBATCH_EXTRA:-} --dependency="afterok:$ARRAY" --export=ALL \
    --output="$OUT/logs/merge.log" "$HERE/verify-merge.sbatch")
MERGE=${MERGE%%;*}
echo "array job $ARRAY ($SHARDS tasks), merge job $MERGE; merged table: $OUT/merged.txt"
echo "$ARRAY $MERGE" > "$OUT/jobs"
