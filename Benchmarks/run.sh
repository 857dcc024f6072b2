#!/usr/bin/env bash
# Builds chop-bench twice (baseline x86-64 and tuned with -target-cpu native), runs
# both and the Python peers (numpy, ml_dtypes, Pychop) on the same kind of data, and
# writes Benchmarks/RESULTS.md. Each build first checks array rounding against the
# scalar kernel on 10⁶ inputs (chop-bench --verify) and stops on a mismatch. Run from
# anywhere; takes about 5 minutes, most of it in Pychop. Options are passed to both
# benchmarks: e.g. --count 1e6 --repeats 3.
#
#   Benchmarks/run.sh [--count N] [--repeats R]
set -euo pipefail
cd "$(dirname "$0")/.."
out=Benchmarks/results
mkdir -p "$out"
count=1e7
repeats=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

echo "== building (baseline, then tuned)" >&2
swift build -c release --scratch-path .build-release --product chop-bench >&2
swift build -c release --scratch-path .build-release-native \
  -Xswiftc -target-cpu -Xswiftc native --product chop-bench >&2

uptime > "$out/load-before.txt"
echo "== tuned" >&2
.build-release-native/release/chop-bench --verify --count "$count" --repeats "$repeats" --threads 1,2 > "$out/tuned.csv"
echo "== baseline" >&2
.build-release/release/chop-bench --verify --count "$count" --repeats "$repeats" --threads 1,2 > "$out/baseline.csv"
echo "== peers" >&2
python3 Benchmarks/peers.py --count "$count" --repeats "$repeats" > "$out/peers.csv" 2> "$out/peers-notes.txt"
uptime > "$out/load-after.txt"
python3 Benchmarks/summarize.py "$out" > Benchmarks/RESULTS.md
cat Benchmarks/RESULTS.md
