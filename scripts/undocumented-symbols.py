#!/usr/bin/env python3
"""List the public symbols without a doc comment in symbol graphs.

Usage: scripts/undocumented-symbols.py DIR [DIR ...]

DIR holds *.symbols.json files (from `swift build -Xswiftc -emit-symbol-graph
-Xswiftc -emit-symbol-graph-dir -Xswiftc DIR`, or from the DocC plugin's
symbol-graph output). Counts only symbols declared in this package's Sources/
(a location in the file), skipping compiler-synthesized ones. Prints
`file:line: kind name` for each undocumented symbol, then one summary line per
module and the totals; exits 1 if any symbol is undocumented. A symbol that
implements a protocol requirement and has no comment of its own carries the
requirement's documentation in the graph; it counts as documented and is
reported as "inherited".
"""
import json
import os
import sys
from collections import defaultdict

def main(dirs):
    seen = set()
    documented = defaultdict(int)
    inherited = defaultdict(int)
    missing = defaultdict(list)
    for d in dirs:
        for root, _, files in os.walk(d):
            for name in files:
                if not name.endswith(".symbols.json"):
                    continue
                graph = json.load(open(os.path.join(root, name)))
                module = graph["module"]["name"]
                for s in graph["symbols"]:
                    if s.get("accessLevel") not in ("public", "open"):
                        continue
                    ident = s["identifier"]["precise"]
                    if "::SYNTHESIZED::" in ident:
                        continue
                    loc = s.get("location")
                    if not loc or "/Sources/" not in loc.get("uri", ""):
                        continue
                    key = (ident, loc["uri"], loc["position"]["line"])
                    if key in seen:
                        continue
                    seen.add(key)
                    lines = (s.get("docComment") or {}).get("lines") or []
                    text = "".join(l.get("text", "") for l in lines).strip()
                    if text:
                        documented[module] += 1
                        origin = (s.get("docComment") or {}).get("module")
                        if origin and origin != module:
                            inherited[module] += 1
                    else:
                        path = loc["uri"].split("/Sources/", 1)[1]
                        missing[module].append((path, loc["position"]["line"] + 1,
                                                s["kind"]["identifier"].replace("swift.", ""),
                                                ".".join(s["pathComponents"])))
    total_doc = total_missing = total_inherited = 0
    for module in sorted(set(documented) | set(missing)):
        for path, line, kind, name in sorted(missing[module]):
            print(f"Sources/{path}:{line}: {kind} {name}")
    for module in sorted(set(documented) | set(missing)):
        d, m = documented[module], len(missing[module])
        total_doc += d
        total_missing += m
        total_inherited += inherited[module]
        print(f"{module}: {d + m} public symbols, {d} documented ({inherited[module]} inherited), {m} undocumented")
    print(f"total: {total_doc + total_missing} public symbols, {total_doc} documented "
          f"({total_inherited} inherited), {total_missing} undocumented")
    return 1 if total_missing else 0

if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
