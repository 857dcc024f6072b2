#!/usr/bin/env python3
"""Pychop and ml_dtypes versus GNU MPFR versus chop, on shared inputs.

For each format the same binary64 inputs (random magnitudes over the whole range,
every/sampled exact midpoint between neighbours, midpoints +-1 binary64 ulp, midpoints
nudged by 2^-27 relative -- below binary32's half ulp, so a detour through binary32
turns them into ties --, and the specials) are rounded by:
  * MPFR 4.x through gmpy2 (precision p, subnormals emulated with subnormalize, exponent
    range unbounded above, then the format's overflow rule: inf / NaN / saturate);
  * chop:      `chop round --format F --mode M` (the library's kernel);
  * ml_dtypes: numpy `astype` from float64 (round to nearest even only);
  * pychop:    `pychop.Chop(exp_bits, sig_bits, rmode)` (IEEE-style formats only).
Results are compared bit for bit (NaN == NaN, -0 != +0). Writes results.csv and
disagreements.md here. Usage: python3 validation/peers/peers.py [path/to/chop]
"""
import csv
import json
import math
import os
import random
import subprocess
import sys

import gmpy2
import ml_dtypes
import numpy as np
import pychop

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

ML = {"binary16": np.float16, "bfloat16": ml_dtypes.bfloat16, "e5m2": ml_dtypes.float8_e5m2,
      "e4m3fn": ml_dtypes.float8_e4m3fn, "e4m3": ml_dtypes.float8_e4m3, "e4m3fnuz": ml_dtypes.float8_e4m3fnuz,
      "e5m2fnuz": ml_dtypes.float8_e5m2fnuz, "e4m3b11fnuz": ml_dtypes.float8_e4m3b11fnuz,
      "e3m4": ml_dtypes.float8_e3m4, "e3m2fn": ml_dtypes.float6_e3m2fn, "e2m3fn": ml_dtypes.float6_e2m3fn,
      "e2m1fn": ml_dtypes.float4_e2m1fn}
# pychop's Chop(exp_bits, sig_bits) models IEEE-style formats (infinities, all-ones exponent reserved).
PYCHOP = {"binary16", "bfloat16", "tf32", "e5m2", "e4m3", "e3m4"}
MODES = {"nearest-even": (gmpy2.RoundToNearest, 1), "toward-positive": (gmpy2.RoundUp, 2),
         "toward-negative": (gmpy2.RoundDown, 3), "toward-zero": (gmpy2.RoundToZero, 4)}


def find_chop():
    if len(sys.argv) > 1:
        return sys.argv[1]
    for c in ("release", "debug"):
        p = os.path.join(ROOT, ".build", c, "chop")
        if os.path.exists(p):
            return p
    sys.exit("build the CLI first: swift build -c release")


def mpfr_round(x, f, mode):
    """x rounded to format f by MPFR, with the format's overflow rule applied."""
    if math.isnan(x):
        return math.nan
    if math.isinf(x):
        if f["hasInfinity"]:
            return x
        return math.copysign(f["maxFinite"], x) if f["overflow"] == "saturate" else math.nan
    if x == 0:
        return x if f["hasNegativeZero"] else 0.0
    p, emin = f["precision"], f["emin"]
    ctx = gmpy2.context(precision=p, emin=emin - p + 2, emax=emin + 4096, subnormalize=True, round=MODES[mode][0])
    with ctx:
        y = float(gmpy2.mpfr(x))  # correctly rounded, subnormals emulated
    if y == 0 and not f["hasNegativeZero"]:
        y = 0.0
    if abs(y) > f["maxFinite"]:
        if f["overflow"] == "saturate":
            return math.copysign(f["maxFinite"], y)
        if f["overflow"] == "nan":
            return math.nan
        # IEEE 754: +-inf, except toward zero, and the side a directed mode points away from.
        if mode == "toward-zero" or (mode == "toward-positive" and y < 0) or (mode == "toward-negative" and y > 0):
            return math.copysign(f["maxFinite"], y)
        return math.copysign(math.inf, y)
    return y


def positive_values(f, chop, limit=None):
    out = subprocess.run([chop, "study", "zoo", "--formats", f["name"], "--output", "csv", "--no-progress"],
                         check=True, capture_output=True, text=True).stdout.splitlines()[1:]
    return [float(line.split(",")[2]) for line in out]


def inputs(f, chop, rng):
    vals = positive_values(f, chop)
    mids = [(a + b) / 2 for a, b in zip(vals, vals[1:])]
    top = f["maxFinite"]
    ulp_top = vals[-1] - vals[-2]
    mids.append(top + ulp_top / 2)  # the overflow threshold of round-to-nearest
    if len(mids) > 3000:
        mids = rng.sample(mids, 3000)
    xs = []
    for m in mids:
        xs += [m, math.nextafter(m, math.inf), math.nextafter(m, -math.inf), m * (1 + 2.0 ** -27), m * (1 - 2.0 ** -27)]
    lo, hi = math.log2(vals[0] / 4), math.log2(top * 4)
    xs += [2.0 ** rng.uniform(lo, hi) for _ in range(3000)]
    xs += [vals[0] / 2, vals[0] / 2 * (1 + 2.0 ** -40), vals[0] / 4, top, top * 2, 1e300, 5e-324]
    xs = xs + [-x for x in xs]
    xs += [0.0, -0.0, math.inf, -math.inf, math.nan]
    return xs


def chop_round(chop, f, mode, xs):
    text = "\n".join(x.hex() if math.isfinite(x) else str(x) for x in xs) + "\n"
    out = subprocess.run([chop, "round", "--format", f, "--mode", mode], input=text,
                         check=True, capture_output=True, text=True).stdout.split()
    return [float(v) for v in out]


def same(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1, a) == math.copysign(1, b)


def main():
    chop = find_chop()
    rng = random.Random(20260101)
    formats = {f["name"]: f for f in json.loads(subprocess.run([chop, "formats", "--output", "json"], check=True,
                                                                capture_output=True, text=True).stdout)}
    rows, examples = [], []
    for name in ["binary16", "bfloat16", "e5m2", "e4m3fn", "e4m3", "e4m3fnuz", "e5m2fnuz", "e4m3b11fnuz",
                 "e3m4", "e3m2fn", "e2m3fn", "e2m1fn"]:
        f = formats[name]
        xs = inputs(f, chop, rng)
        for mode in MODES:
            ref = [mpfr_round(x, f, mode) for x in xs]
            ours = chop_round(chop, name, mode, xs)
            peers = {"chop": ours}
            if mode == "nearest-even" and name in ML:
                peers["ml_dtypes"] = [float(v) for v in np.asarray(xs, np.float64).astype(ML[name]).astype(np.float64)]
            if name in PYCHOP:
                ch = pychop.Chop(exp_bits=f["exponentBits"], sig_bits=f["significandBits"], rmode=MODES[mode][1])
                with np.errstate(all="ignore"):
                    peers["pychop"] = [float(v) for v in np.asarray(ch(np.asarray(xs, np.float64)), np.float64)]
            for tool, got in peers.items():
                bad_mpfr = [i for i in range(len(xs)) if not same(got[i], ref[i])]
                bad_chop = [i for i in range(len(xs)) if not same(got[i], ours[i])]
                rows.append(dict(format=name, mode=mode, tool=tool, inputs=len(xs),
                                 differ_from_mpfr=len(bad_mpfr), differ_from_chop=len(bad_chop)))
                # A few examples per kind of disagreement (tie, overflow, underflow, other).
                kinds = {}
                for i in bad_mpfr:
                    x = xs[i]
                    kind = ("special" if not math.isfinite(x) or x == 0 else
                            "overflow" if abs(x) > f["maxFinite"] else
                            "underflow" if abs(x) < f["minNormal"] else "normal range")
                    kinds.setdefault(kind, []).append(i)
                for kind, idx in kinds.items():
                    for i in idx[:3]:
                        examples.append(dict(format=name, mode=mode, tool=tool, kind=kind, count=len(idx),
                                             input=xs[i].hex() if math.isfinite(xs[i]) else str(xs[i]),
                                             mpfr=ref[i], chop=ours[i], tool_result=got[i]))
            print(name, mode, {r["tool"]: r["differ_from_mpfr"] for r in rows[-len(peers):]}, file=sys.stderr)
    with open(os.path.join(HERE, "results.csv"), "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    md = ["# Peers vs MPFR vs chop: disagreements", "",
          f"Versions: ml_dtypes {ml_dtypes.__version__}, pychop {getattr(pychop, '__version__', '?')}, "
          f"gmpy2 {gmpy2.version()} ({gmpy2.mpfr_version()}), numpy {np.__version__}.", "",
          "| format | mode | tool | inputs | differ from MPFR | differ from chop |", "|---|---|---|---|---|---|"]
    md += [f"| {r['format']} | {r['mode']} | {r['tool']} | {r['inputs']} | {r['differ_from_mpfr']} | {r['differ_from_chop']} |"
           for r in rows]
    md += ["", "## Examples (up to 3 per format, mode, tool and kind; `count` = how many inputs of that kind differ)", "",
           "| format | mode | tool | kind | count | input | MPFR | chop | tool |", "|---|---|---|---|---|---|---|---|---|"]
    md += [f"| {e['format']} | {e['mode']} | {e['tool']} | {e['kind']} | {e['count']} | {e['input']} | {e['mpfr']!r} | "
           f"{e['chop']!r} | {e['tool_result']!r} |" for e in examples]
    with open(os.path.join(HERE, "disagreements.md"), "w") as fh:
        fh.write("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
