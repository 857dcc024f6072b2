#!/bin/bash
# The shards of an exhaustive space under GNU parallel on one machine, merged and compared
# with the same space run unsharded (the single-machine counterpart of slurm-single-node.sh).
#
#   validation/exhaustive/parallel-single-node.sh [CHOP]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHOP=$(readlink -f "${1:-$ROOT/.build/release/chop}")
SHARDS=${SHARDS:-8}
JOBS=${JOBS:-2}
SPACE=(--exhaustive ops --format e5m2,e4m3fn --ops add,mul,fma --mode all)
WORK=${WORK:-/tmp/chop-parallel-validation}
command -v parallel >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y parallel >/dev/null
echo "== $(date -u +%FT%TZ) on $(hostname), $(nproc) cores; load: $(uptime | sed 's/.*load/load/'); $(parallel --version | head -1)"
rm -rf "$WORK"; mkdir -p "$WORK/results" "$WORK/logs"
export CHOP WORK SHARDS
SPACE_ARGS="${SPACE[*]}"
export SPACE_ARGS
seq 0 $((SHARDS - 1)) | parallel -j "$JOBS" --halt now,fail=1 \
    '"$CHOP" verify $SPACE_ARGS --shard {}/$SHARDS --threads 1 --json-out "$WORK/results/shard-{}.json" --output table > "$WORK/logs/shard-{}.log" 2>&1 || [ $? -eq 1 ]'
echo "shard results: $(ls "$WORK"/results/*.json | wc -l)"
"$CHOP" verify merge "$WORK"/results/shard-*.json --output json > "$WORK/merged.json" || [ $? -eq 1 ]
"$CHOP" verify merge "$WORK"/results/shard-*.json --output table || [ $? -eq 1 ]
"$CHOP" verify "${SPACE[@]}" --threads "$JOBS" --json-out "$WORK/unsharded.json" --output table >/dev/null 2>&1 || [ $? -eq 1 ]
"$CHOP" verify merge "$WORK/unsharded.json" --output json > "$WORK/unsharded-merged.json" || [ $? -eq 1 ]
# A duplicated and a missing shard must be detected.
if "$CHOP" verify merge "$WORK"/results/shard-0.json "$WORK"/results/shard-0.json >/dev/null 2>"$WORK/dup.err"; then
    echo "FAIL: duplicated shard accepted"; exit 1
fi
echo "duplicate check: $(cat "$WORK/dup.err" | head -1)"
python3 - "$WORK/merged.json" "$WORK/unsharded-merged.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def key(d):
    return [(s["space"], s["spaceSize"], s["complete"], [(r["mode"], r["checked"], r["mismatches"]) for r in s["rows"]],
             [(m["index"], m["mode"]) for m in s["firstMismatches"]]) for s in d["spaces"]]
same = key(a) == key(b)
print(f"sharded: {a['checked']} checks, {a['mismatches']} mismatches, complete={a['complete']}; "
      f"unsharded: {b['checked']} checks, {b['mismatches']} mismatches")
print("merged shards == unsharded run:", "PASS" if same else "FAIL")
sys.exit(0 if same and a["complete"] else 1)
PY
