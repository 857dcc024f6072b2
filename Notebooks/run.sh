#!/usr/bin/env bash
# Re-executes every notebook in place (outputs are committed).
# Usage: Notebooks/run.sh            (from anywhere; builds the release CLI first)
# Needs: Python 3 with jupyter, nbconvert, matplotlib, pandas, numpy.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product chop
export CHOP="$PWD/.build/release/chop"
cd Notebooks
for nb in *.ipynb; do
    echo "executing $nb" >&2
    jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=1200 "$nb"
done
