#!/bin/bash
# A real single-node Slurm cluster on this machine, running a small exhaustive space as a
# job array of 8 shards with a dependent merge, compared with the same space unsharded.
#
#   validation/exhaustive/slurm-single-node.sh [CHOP]    (as root; Debian 12)
#
# Installs slurm-wlm and munge (apt-get), writes a minimal slurm.conf under a scratch
# directory, starts munged, slurmctld and slurmd itself (by PID), submits through
# scripts/slurm/submit.sh, waits, and stops every daemon it started. The log of a run is
# committed next to this script (slurm-single-node.log).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHOP=$(readlink -f "${1:-$ROOT/.build/release/chop}")
SHARDS=8
SPACE=(--exhaustive ops --format e5m2,e4m3fn --ops add,mul,fma --mode all)
WORK=${WORK:-/tmp/chop-slurm-validation}
[ -x "$CHOP" ] || { echo "no chop executable at $CHOP (swift build -c release)" >&2; exit 2; }

echo "== $(date -u +%FT%TZ) on $(hostname), $(nproc) cores; load: $(uptime | sed 's/.*load/load/')"
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge >/dev/null
fi
echo "slurm: $(slurmctld -V)  munge: $(munged -V 2>&1 | head -1)"

rm -rf "$WORK"
mkdir -p "$WORK"/{state,spool,log,munge,run}
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    echo "stopped daemons: ${PIDS[*]:-none}"
}
trap cleanup EXIT

# munge: its own key, socket and log under $WORK.
MUNGE_SOCKET="$WORK/munge/munge.socket"
dd if=/dev/urandom bs=1 count=1024 of="$WORK/munge/munge.key" status=none
chmod 700 "$WORK/munge"; chmod 400 "$WORK/munge/munge.key"
munged --foreground --force --key-file="$WORK/munge/munge.key" --socket="$MUNGE_SOCKET" \
    --pid-file="$WORK/munge/munged.pid" --log-file="$WORK/log/munged.log" --seed-file="$WORK/munge/seed" &
PIDS+=($!)
for _ in $(seq 50); do [ -S "$MUNGE_SOCKET" ] && break; sleep 0.1; done
munge -n --socket="$MUNGE_SOCKET" | unmunge --socket="$MUNGE_SOCKET" >/dev/null && echo "munge: credential round trip ok"

HOST=$(hostname -s)
CPUS=$(nproc)
MEM=$(awk '/MemTotal/ {print int($2/1024/2)}' /proc/meminfo)
export SLURM_CONF="$WORK/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=chopverify
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/run/slurmctld.pid
SlurmdPidFile=$WORK/run/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=verify Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
echo "slurm.conf: $SLURM_CONF"

slurmctld -D -i -f "$SLURM_CONF" >"$WORK/log/slurmctld.out" 2>&1 &
PIDS+=($!)
sleep 2
slurmd -D -f "$SLURM_CONF" >"$WORK/log/slurmd.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 60); do
    state=$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)
    [ "$state" = "idle" ] && break
    sleep 1
done
sinfo
[ "$(sinfo -h -N -o '%T' | head -1)" = "idle" ] || { echo "node not idle"; tail -20 "$WORK"/log/*.log; exit 1; }

# The array and the dependent merge, through the committed scripts.
OUT="$WORK/sweep"
CHOP="$CHOP" "$ROOT/scripts/slurm/submit.sh" "$SHARDS" "$OUT" "${SPACE[@]}"
read -r ARRAY MERGE < "$OUT/jobs"
squeue
for _ in $(seq 600); do
    [ -z "$(squeue -h -j "$ARRAY,$MERGE" 2>/dev/null)" ] && break
    sleep 1
done
sacct_line=$(scontrol show job "$MERGE" 2>/dev/null | grep -o 'JobState=[A-Z]*' || true)
echo "merge job $MERGE: ${sacct_line:-finished}"
echo "array task logs: $(ls "$OUT"/logs/shard-*.log | wc -l), shard results: $(ls "$OUT"/results/shard-*.json | wc -l)"
[ "$(ls "$OUT"/results/shard-*.json | wc -l)" -eq "$SHARDS" ] || { echo "FAIL: missing shard results"; exit 1; }
echo "-- merged (Slurm, $SHARDS shards):"
cat "$OUT/merged.txt"

# The scripts `chop verify --emit-slurm` writes for another space, submitted as they are.
EMIT="$WORK/emitted"
CHOP="$CHOP" "$CHOP" verify --exhaustive convert --source bfloat16 --format all --mode all --emit-slurm "$EMIT" --shards 8
"$EMIT/submit.sh"
for _ in $(seq 600); do
    [ -z "$(squeue -h 2>/dev/null)" ] && break
    sleep 1
done
echo "-- merged (emitted scripts, 8 shards): $(tail -1 "$EMIT/merged.txt" 2>/dev/null || echo 'no merged.txt')"
grep -q " 0 mismatches" "$EMIT/merged.txt" || { echo "FAIL: emitted scripts"; exit 1; }

# The same space unsharded, and the comparison of the merged counts and first mismatches.
"$CHOP" verify "${SPACE[@]}" --json-out "$WORK/unsharded.json" --output table >/dev/null 2>&1 || [ $? -eq 1 ]
"$CHOP" verify merge "$WORK/unsharded.json" --output json > "$WORK/unsharded-merged.json" || [ $? -eq 1 ]
python3 - "$OUT/merged.json" "$WORK/unsharded-merged.json" <<'PY'
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
