#!/usr/bin/env bash
# Builds the DocC documentation of every library product into one static site
# (.build-docs/site) and fails on any documentation warning or on a public symbol
# without a doc comment (scripts/undocumented-symbols.py).
#
#   ./scripts/build-docs.sh                         # site for https://<host>/SwiftChop/
#   HOSTING_BASE_PATH=docs ./scripts/build-docs.sh  # another base path ('/' for none)
#
# It reuses the debug build in .build (run after `swift build`, as scripts/test.sh does,
# and only the symbol graphs are extracted). Preview locally with
#   python3 -m http.server --directory .build-docs/site 8000
# and open http://localhost:8000/documentation/ (with HOSTING_BASE_PATH=/).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(Chop ChopMPFR MatrixUnits RoundingStudies LogBessel ClimateStress ScalingLaws)
base="${HOSTING_BASE_PATH:-SwiftChop}"
out=.build-docs
log="$out/build-docs.log"

start=$(date +%s)
rm -rf "$out/site"
mkdir -p "$out"   # the plugin's merge step needs the parent folder to exist

args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done

status=0
swift package --allow-writing-to-directory "$out" generate-documentation "${args[@]}" \
    --enable-experimental-combined-documentation \
    --disable-indexing --transform-for-static-hosting --hosting-base-path "$base" \
    --warnings-as-errors \
    --output-path "$out/site" >"$log" 2>&1 || status=$?
seconds=$(( $(date +%s) - start ))

# The plugin can exit 0 after docc reported a problem: judge by the log and the output too.
problems=$(grep -cE '^(warning|error|Error):' "$log" || true)
if [ "$status" -ne 0 ] || [ "$problems" -ne 0 ] || [ ! -f "$out/site/index.html" ]; then
    grep -E -A8 '^(warning|error|Error):' "$log" | head -200 >&2 || true
    echo "build-docs: FAILED (exit $status, $problems warnings/errors, ${seconds}s); full log: $log" >&2
    exit 1
fi
# Every public symbol has a doc comment (DESIGN.md): list the ones without, from the
# symbol graphs the plugin just extracted.
graphs=()
for t in "${targets[@]}"; do
    for d in .build/*/extracted-symbols/*/"$t"; do [ -d "$d" ] && graphs+=("$d"); done
done
if [ "${#graphs[@]}" -ne "${#targets[@]}" ]; then
    echo "build-docs: FAILED: found ${#graphs[@]} symbol-graph folders for ${#targets[@]} modules" >&2
    exit 1
fi
if ! coverage=$(python3 scripts/undocumented-symbols.py "${graphs[@]}"); then
    echo "$coverage" | grep -v '^total:' >&2
    echo "build-docs: FAILED: public symbols without a doc comment (listed above)" >&2
    exit 1
fi
echo "build-docs: $(echo "$coverage" | tail -1)"
echo "build-docs: ${#targets[@]} modules, 0 warnings, ${seconds}s"
echo "build-docs: site at $out/site (hosting base path '$base'; entry: $out/site/documentation/index.html)"
