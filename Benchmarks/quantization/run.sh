#!/bin/sh
# Elements per second to quantize a 4096×4096 Gaussian matrix to MXFP4 and NVFP4
# (best of 3 runs each, after a warm-up), baseline and CPU-tuned builds.
# Usage: sh Benchmarks/quantization/run.sh [extra chop quantize options]
set -e
cd "$(dirname "$0")/../.."
swift build -c release --product chop >/dev/null
echo "== baseline x86-64 build, all cores"
.build/release/chop quantize --benchmark "$@"
echo "== baseline x86-64 build, one thread"
.build/release/chop quantize --benchmark --threads 1 "$@"
echo "== stochastic rounding, one thread"
.build/release/chop quantize --benchmark --threads 1 --mode stochastic "$@"
