#!/bin/bash
# CorrectlyRoundedElementary on formats wider than 16 bits: N random encodings per
# function (SplitMix64 of the case index, seed 1), every deterministic mode, against MPFR.
#
#   validation/exhaustive/elementary-wide.sh [N]        (default 1000000; the issue asks 10^7:
#   on a cluster: scripts/slurm/submit.sh 64 "$PWD/wide" --exhaustive elementary \
#       --format binary32,tf32 --function all --mode all --random 10000000)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHOP=${CHOP:-$ROOT/.build/release/chop}
N=${1:-1000000}
OUT=$ROOT/validation/exhaustive/results
mkdir -p "$OUT"
echo "# chop verify --exhaustive elementary --format binary32,tf32 --function all --mode all --random $N; before: $(uptime)" > "$OUT/elementary-wide.log"
nice -n 5 "$CHOP" verify --exhaustive elementary --format binary32,tf32 --function all --mode all --random "$N" \
    --threads "${THREADS:-2}" --json-out "$OUT/elementary-wide.json" --output table > "$OUT/elementary-wide.txt" 2>> "$OUT/elementary-wide.log"
echo "# exit status $?; after: $(uptime)" >> "$OUT/elementary-wide.log"
grep -v '%$' "$OUT/elementary-wide.log" > "$OUT/elementary-wide.log.tmp" && mv "$OUT/elementary-wide.log.tmp" "$OUT/elementary-wide.log"
tail -1 "$OUT/elementary-wide.txt"
