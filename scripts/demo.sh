#!/usr/bin/env bash
# Sets up (MPFR/GMP), builds the release CLI and runs the main job: a default
# rounding-error study (recursive summation in several formats, round-to-nearest
# against stochastic rounding), then the format catalogue.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product chop >&2
CHOP=.build/release/chop
"$CHOP" study sum
echo
"$CHOP" formats
