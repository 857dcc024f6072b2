#!/usr/bin/env bash
# The MPFR sweep: `chop verify` (release build) at large sample sizes, results kept here.
#
# Usage: validation/mpfr-sweep/run.sh
#   SAMPLES16  random inputs per format x mode for the 16-bit formats   (default 10^7)
#   SAMPLES8   random inputs per format x mode for the other formats    (default 10^6)
#   OPSAMPLES  random operand sets per format x mode x operation (--ops) (default 10^5)
#   SAMPLESBIG random inputs per mode for the 16-bit formats, every mode (default 10^8)
# Every run also checks its format's edges (ties, near-ties, overflow/underflow
# thresholds, every consecutive pair of values for formats of at most 16 bits, every
# encoding's round trip); `--ops` checks exhaustive operand pairs for formats of at
# most 8 bits. The 10^8 run of the 16-bit formats in all eight modes takes about 8 minutes
# on an otherwise idle 2-core machine (results/summary.md lists what was run, with timings).
set -euo pipefail
cd "$(dirname "$0")/../.."
SAMPLES16=${SAMPLES16:-10000000}
SAMPLES8=${SAMPLES8:-1000000}
OPSAMPLES=${OPSAMPLES:-100000}
SAMPLESBIG=${SAMPLESBIG:-100000000}
swift build -c release --product chop >&2
CHOP=.build/release/chop
OUT=validation/mpfr-sweep/results
mkdir -p "$OUT"
run() {  # name, args...
    local name=$1; shift
    local start=$(date +%s)
    if "$CHOP" verify "$@" > "$OUT/$name.txt" 2>/dev/null; then status=pass; else status=FAIL; fi
    echo "| $name | \`chop verify $*\` | $status | $(( $(date +%s) - start )) s | $(tail -1 "$OUT/$name.txt") |" >> "$OUT/summary.md"
}
{
    echo "# MPFR sweep results"
    echo
    echo "Run on $(date -u +%Y-%m-%d) with $(nproc) cores; chop at commit $(git rev-parse --short HEAD)."
    echo
    echo "| run | command | result | time | totals |"
    echo "|---|---|---|---|---|"
} > "$OUT/summary.md"
run sixteen-bit --format binary16,bfloat16 --mode all --samples "$SAMPLES16"
run sixteen-bit-large --format binary16,bfloat16 --mode all --samples "$SAMPLESBIG"
run small-formats --format tf32,e5m2,e4m3fn,e4m3,e4m3fnuz,e5m2fnuz,e4m3b11fnuz,e3m4,e8m0fnu,e3m2fn,e2m3fn,e2m1fn \
    --mode all --samples "$SAMPLES8"
run ops-8bit --format e5m2,e4m3fn,e4m3fnuz,e3m4,e3m2fn,e2m3fn,e2m1fn --mode nearest-even,toward-zero,stochastic \
    --ops all --samples "$OPSAMPLES"
run ops-16bit --format binary16,bfloat16 --mode nearest-even,toward-zero,stochastic --ops all --samples "$OPSAMPLES"
cat "$OUT/summary.md"
