#!/usr/bin/env bash
# Sets up (MPFR/GMP) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"
# The DocC documentation of every library product, from the debug build above: fails on any
# documentation warning or undocumented public symbol (40–70 s on a shared 2-core machine
# once the build exists).
bash scripts/build-docs.sh
# Malformed input across every subcommand against the debug binary (< 1 minute).
python3 scripts/fuzz-cli.py --binary .build/debug/chop
