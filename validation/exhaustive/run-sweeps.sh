#!/bin/bash
# The committed exhaustive sweeps (validation/exhaustive/results/): each writes
# NAME.json (every space's result, `chop verify merge` reads it), NAME.txt (the table)
# and NAME.log (progress, timing, machine load).
#
#   swift build -c release --product chop
#   validation/exhaustive/run-sweeps.sh [NAME...]     (default: all sweeps below)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHOP=${CHOP:-$ROOT/.build/release/chop}
OUT=$ROOT/validation/exhaustive/results
THREADS=${THREADS:-2}
mkdir -p "$OUT"
declare -A SWEEPS=(
  [ops-8bit]="--exhaustive ops --format all --ops all --mode all"
  [fma-8bit-complete]="--exhaustive ops --format e4m3fn,e5m2 --ops fma --fma-triples complete --mode all"
  [convert-16bit]="--exhaustive convert --source binary16,bfloat16 --format all --mode all"
  [elementary-16bit-and-smaller]="--exhaustive elementary --format all --function all --mode all"
  [elementary-libm-baseline]="--exhaustive elementary --format all --function all --mode all --elementary-library libm"
)
NAMES=("$@")
[ ${#NAMES[@]} -gt 0 ] || NAMES=(ops-8bit convert-16bit elementary-16bit-and-smaller elementary-libm-baseline)
for name in "${NAMES[@]}"; do
    args=${SWEEPS[$name]:?unknown sweep $name}
    {
        echo "# chop verify $args --threads $THREADS"
        echo "# $(date -u +%FT%TZ) $(uname -m) $(nproc) cores; before: $(uptime)"
    } > "$OUT/$name.log"
    # shellcheck disable=SC2086
    nice -n 5 "$CHOP" verify $args --threads "$THREADS" --json-out "$OUT/$name.json" --output table \
        > "$OUT/$name.txt" 2>> "$OUT/$name.log"
    status=$?
    # Keep the per-space summaries, not the progress lines.
    grep -v '%$' "$OUT/$name.log" > "$OUT/$name.log.tmp" && mv "$OUT/$name.log.tmp" "$OUT/$name.log"
    echo "# exit status $status; after: $(uptime)" >> "$OUT/$name.log"
    tail -1 "$OUT/$name.txt"
done
