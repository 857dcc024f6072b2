#!/usr/bin/env bash
# Sets up (MPFR/GMP) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"
# Malformed input across every subcommand against the debug binary (< 1 minute).
python3 scripts/fuzz-cli.py --binary .build/debug/chop
