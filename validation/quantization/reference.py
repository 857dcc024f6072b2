#!/usr/bin/env python3
"""Independent references for SwiftChop's quantization (run from the repository root).

1. Element conversions: ml_dtypes casts float32 inputs to each small format; we record
   the bit codes (element_reference.txt).
2. MX and NVFP4 block quantization written from the specs (OCP MX v1.0 section 6.3;
   the NVFP4 recipe in FORMATS.md), with exact rational arithmetic (fractions) and
   rounding by nearest-value search over each element format's value table (ties to
   the even code) -- an algorithm unrelated to SwiftChop's bit-level kernel
   (mx_reference.txt).

Both files are also written into Tests/ChopTests/QuantizationReferenceData.swift as
string literals, which the Swift tests parse and compare code for code.

Usage: python3 validation/quantization/reference.py
"""
import math
import struct
from fractions import Fraction
from pathlib import Path

import ml_dtypes
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(20261123)


def f32_hex(x):
    return "%08x" % struct.unpack("<I", struct.pack("<f", float(x)))[0]


# ---------------------------------------------------------------- element tables
def table(dtype):
    """(code, value) for every non-NaN, finite code of an ml_dtypes dtype of <= 8 bits."""
    bits = np.dtype(dtype).itemsize * 8
    width = {"float4_e2m1fn": 4, "float6_e2m3fn": 6, "float6_e3m2fn": 6}.get(np.dtype(dtype).name, bits)
    codes = np.arange(2 ** width, dtype=np.uint8)
    values = codes.view(dtype).astype(np.float64)
    return [(int(c), float(v)) for c, v in zip(codes, values) if math.isfinite(v)]


class Grid:
    """A finite set of element values with codes; nearest-even rounding with clamping."""

    def __init__(self, name, entries, emax):
        self.name = name
        # Keep one code per value (+0 over -0 is handled by sign below).
        by_value = {}
        for code, v in entries:
            if v == 0:
                continue
            by_value.setdefault(v, code)
        self.entries = sorted((Fraction(v), c) for v, c in by_value.items() if v > 0)
        self.code_of = {v: c for v, c in by_value.items()}
        self.max = self.entries[-1][0]
        self.emax = emax
        self.neg_zero = None
        self.pos_zero = None

    def round_nearest_even(self, v):
        return self.round(v, "nearest-even")

    def neighbours(self, a):
        """(lo, hi): the table entries (value, code) just below/above a >= 0 (zero has code 0)."""
        cands = [(Fraction(0), 0)] + self.entries
        lo = max((e for e in cands if e[0] <= a), key=lambda e: e[0])
        hi = min((e for e in cands if e[0] >= a), key=lambda e: e[0])
        return lo, hi

    def round(self, v, mode):
        """v: Fraction. Rounds onto the table in `mode`, saturating at +-max (every mode,
        as the element grids of block formats saturate)."""
        sign = -1 if v < 0 else 1
        a = abs(v)
        if a >= self.max:
            return sign * self.max
        lo, hi = self.neighbours(a)
        if lo[0] == a:
            return sign * a
        return sign * pick(lo, hi, a, mode, sign)[0]


def pick(lo, hi, a, mode, sign):
    """Choose between magnitude neighbours lo < a < hi (entries (value, parity-key))."""
    if mode in ("nearest-even", "nearest-away"):
        dl, dh = a - lo[0], hi[0] - a
        if dl != dh:
            return lo if dl < dh else hi
        if mode == "nearest-away":
            return hi
        return lo if lo[1] % 2 == 0 else hi
    if mode == "toward-zero":
        return lo
    if mode == "toward-positive":
        return hi if sign > 0 else lo
    if mode == "toward-negative":
        return lo if sign > 0 else hi
    if mode == "to-odd":
        return lo if lo[1] % 2 == 1 else hi
    raise ValueError(mode)


def float_grid(dtype, emax):
    return Grid(np.dtype(dtype).name, table(dtype), emax)


class Int8Grid(Grid):
    """MXINT8 elements: k / 64, |k| <= 127 (symmetric clamp), ties to even k."""

    def __init__(self):
        self.name = "int8"
        self.max = Fraction(127, 64)
        self.emax = 0

    def round(self, v, mode):
        sign = -1 if v < 0 else 1
        k = abs(v) * 64
        if k >= 127:
            return sign * Fraction(127, 64)
        fl = math.floor(k)
        if fl == k:
            return sign * Fraction(fl, 64)
        r = pick((Fraction(fl), fl), (Fraction(fl + 1), fl + 1), k, mode, sign)[0]
        return sign * r / 64


E2M1 = float_grid(ml_dtypes.float4_e2m1fn, 2)
E2M3 = float_grid(ml_dtypes.float6_e2m3fn, 2)
E3M2 = float_grid(ml_dtypes.float6_e3m2fn, 4)
E4M3 = float_grid(ml_dtypes.float8_e4m3fn, 8)
E5M2 = float_grid(ml_dtypes.float8_e5m2, 15)
INT8 = Int8Grid()


# ---------------------------------------------------------------- codes
def element_code(grid, value, source_negative):
    """The code SwiftChop stores for a rounded element value (sign from the value, or
    from the source for zeros)."""
    if grid is INT8:
        return int(value * 64) & 0xFF
    dtype = {"float4_e2m1fn": ml_dtypes.float4_e2m1fn, "float6_e2m3fn": ml_dtypes.float6_e2m3fn,
             "float6_e3m2fn": ml_dtypes.float6_e3m2fn, "float8_e4m3fn": ml_dtypes.float8_e4m3fn,
             "float8_e5m2": ml_dtypes.float8_e5m2}[grid.name]
    x = float(value)
    if x == 0 and source_negative:
        x = -0.0
    return int(np.array([x], dtype=np.float64).astype(dtype).view(np.uint8)[0])


def e8m0_code(exp):
    return exp + 127


# ---------------------------------------------------------------- MX (OCP v1.0, 6.3)
def mx_block(values, grid, rule, mode="nearest-even"):
    """values: list of Python floats (finite). Returns (scale_code, element_codes, clipped)."""
    amax = max(abs(Fraction(v)) for v in values)
    if amax == 0:
        shared = -127
    elif rule == "ocp":
        m, e = math.frexp(float(amax))  # amax = m 2^e, m in [0.5, 1)
        shared = (e - 1) - grid.emax
    else:  # round-up: smallest k with amax <= max * 2^k
        k = -400
        while amax > grid.max * Fraction(2) ** k:
            k += 1
        shared = k
    shared = max(shared, -127)
    assert shared <= 127
    X = Fraction(2) ** shared
    codes, clipped = [], 0
    for v in values:
        q = Fraction(v) / X
        if abs(q) > grid.max:
            clipped += 1
        r = grid.round(q, mode)
        codes.append(element_code(grid, r, math.copysign(1, v) < 0))
    return e8m0_code(shared), codes, clipped


def ratio_block(values, grid, scale_grid, scale_code):
    """Block with a non-power-of-two scale and no tensor scale: d = RNE_scale(amax / max)
    exactly, then x / d exactly, RNE onto the element grid."""
    amax = max(abs(Fraction(v)) for v in values)
    d = scale_grid.entries[0][0] if amax == 0 else scale_grid.round(amax / grid.max, "nearest-even")
    codes, clipped = [], 0
    for v in values:
        if d == 0:
            codes.append(element_code(grid, Fraction(0), math.copysign(1, v) < 0))
            continue
        q = Fraction(v) / d
        if abs(q) > grid.max:
            clipped += 1
        codes.append(element_code(grid, grid.round(q, "nearest-even"), math.copysign(1, v) < 0))
    return scale_code(d), codes, clipped


# ---------------------------------------------------------------- NVFP4
E4M3_SAT = float_grid(ml_dtypes.float8_e4m3fn, 8)


def nvfp4_row(values, rule):
    """One tensor. FP32 recipe, in this order:
       s   = fp32(448*6) / fp32(amax_tensor)          (1 if amax is 0)
       raw = (fp32(amax_b) / fp32(6)) * s             (two fp32 ops)
       d_b = E4M3(raw)  nearest-even (ratio) or upward (ratio-up), saturating at 448
       dec = fp32(d_b) / s
       v_i = fp32(x_i) / dec, then E2M1 nearest-even with clamp to +-6."""
    f = np.float32
    x = np.array(values, dtype=np.float32)
    amax_t = f(np.max(np.abs(x)))
    s = f(1) if amax_t == 0 else f(f(448 * 6) / amax_t)
    if not np.isfinite(s):
        s = f(np.finfo(np.float32).max)
    scale_codes, codes, clipped = [], [], 0
    for b in range(0, len(values), 16):
        blk = x[b:b + 16]
        amax_b = f(np.max(np.abs(blk)))
        if amax_b == 0:
            d = Fraction(2) ** -9
        else:
            raw = f(f(amax_b / f(6)) * s)
            r = Fraction(float(raw))
            if rule == "ratio":
                d = E4M3_SAT.round_nearest_even(r)
            else:
                ups = [v for v, _ in E4M3_SAT.entries if v >= r]
                d = ups[0] if ups else E4M3_SAT.max
        scale_codes.append(element_code(E4M3, d, False))
        if d == 0:
            codes += [element_code(E2M1, Fraction(0), math.copysign(1, float(v)) < 0) for v in blk]
            continue
        dec = f(f(float(d)) / s)
        for v in blk:
            q = f(v / dec)
            if abs(float(q)) > 6:
                clipped += 1
            r = E2M1.round_nearest_even(Fraction(float(q)))
            codes.append(element_code(E2M1, r, math.copysign(1, float(v)) < 0))
    return float(s), scale_codes, codes, clipped


# ---------------------------------------------------------------- shared inputs
def inputs():
    rows = []
    rows.append(rng.standard_normal(96))
    rows.append(10 * rng.standard_t(2, 96))
    special = np.zeros(96)
    special[0:32] = 0.0
    special[1] = -0.0
    special[32:64] = rng.standard_normal(32) * 1e-39          # subnormal float32, scale clamp
    ties = [2.5, 3.5, 5.0, 0.25, 0.75, 1.25, 1.75, 4.0, -2.5, -5.0, 7.0, 6.5, 0.125, 3.0, -0.25, 1.5]
    special[64:96] = ties + list(rng.uniform(-4, 4, 16))
    rows.append(special)
    clip = rng.standard_normal(96)
    clip[5] = 7.9 * 8        # E2M1 OCP clipping (amax/X in [6, 8))
    clip[40] = -500.0        # E4M3 OCP clipping (amax/X in [448, 512))
    clip[70] = 15.5
    rows.append(clip)
    wide = np.exp2(rng.uniform(-30, 30, 96)) * rng.choice([-1, 1], 96)
    rows.append(wide)
    return [[float(np.float32(v)) for v in r] for r in rows]


def main():
    data = inputs()
    lines_in = [" ".join(f32_hex(v) for v in row) for row in data]
    (OUT / "inputs.txt").write_text("\n".join(lines_in) + "\n")

    mx = [("mxfp8-e4m3", E4M3), ("mxfp8-e5m2", E5M2), ("mxfp6-e3m2", E3M2), ("mxfp6-e2m3", E2M3),
          ("mxfp4", E2M1), ("mxint8", INT8)]
    out = []
    for name, grid in mx:
        for rule in ("ocp", "round-up"):
            for r, row in enumerate(data):
                scales, codes, clipped = [], [], 0
                for b in range(0, 96, 32):
                    sc, cs, cl = mx_block(row[b:b + 32], grid, rule)
                    scales.append(sc)
                    codes += cs
                    clipped += cl
                out.append(f"{name} {rule} nearest-even {r} 00000000 {clipped} " + ",".join("%02x" % c for c in scales)
                           + " " + ",".join("%02x" % c for c in codes))
    for rule in ("ratio", "ratio-up"):
        for r, row in enumerate(data):
            s, scales, codes, clipped = nvfp4_row(row, rule)
            out.append(f"nvfp4 {rule} nearest-even {r} {f32_hex(s)} {clipped} " + ",".join("%02x" % c for c in scales)
                       + " " + ",".join("%02x" % c for c in codes))
    # Every deterministic mode (OCP scale), for MXFP4, MXFP8-E4M3 and MXINT8.
    for name, grid in [("mxfp4", E2M1), ("mxfp8-e4m3", E4M3), ("mxint8", INT8)]:
        for mode in ("nearest-away", "toward-zero", "toward-positive", "toward-negative", "to-odd"):
            for r, row in enumerate(data):
                scales, codes, clipped = [], [], 0
                for b in range(0, 96, 32):
                    sc, cs, cl = mx_block(row[b:b + 32], grid, "ocp", mode)
                    scales.append(sc)
                    codes += cs
                    clipped += cl
                out.append(f"{name} ocp {mode} {r} 00000000 {clipped} " + ",".join("%02x" % c for c in scales)
                           + " " + ",".join("%02x" % c for c in codes))
    # A custom block format: E2M1 elements, blocks of 16, E4M3FN scale by the ratio rule,
    # no tensor scale (exact quotients throughout).
    for r, row in enumerate(data):
        scales, codes, clipped = [], [], 0
        for b in range(0, 96, 16):
            sc, cs, cl = ratio_block(row[b:b + 16], E2M1, E4M3_SAT, lambda d: element_code(E4M3, d, False))
            scales.append(sc)
            codes += cs
            clipped += cl
        out.append(f"e2m1-b16-e4m3 ratio nearest-even {r} 00000000 {clipped} " + ",".join("%02x" % c for c in scales)
                   + " " + ",".join("%02x" % c for c in codes))
    (OUT / "mx_reference.txt").write_text("\n".join(out) + "\n")

    # Element conversions with ml_dtypes (round-to-nearest-even casts from float32).
    probe = list(rng.standard_normal(200) * 4) + list(np.exp2(rng.uniform(-20, 20, 200)) * rng.choice([-1, 1], 200))
    probe += [0.0, -0.0, 7.0, 6.5, 5.0, 2.5, 0.25, 0.75, 464.0, 470.0, 448.0, 449.0, 57344.0, 61440.0, 1e6,
              2.0 ** -9, 2.0 ** -10, 3 * 2.0 ** -11, 2.0 ** -16, 2.0 ** -17, 28.0, 30.0, 32.0, 7.5, 7.75, 8.0]
    probe = [float(np.float32(v)) for v in probe]
    lines = [" ".join(f32_hex(v) for v in probe)]
    for name in ["float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e4m3b11fnuz",
                 "float8_e3m4", "float6_e3m2fn", "float6_e2m3fn", "float4_e2m1fn", "float8_e8m0fnu"]:
        dt = getattr(ml_dtypes, name)
        x = np.array(probe, dtype=np.float32)
        codes = x.astype(dt).view(np.uint8)
        lines.append(name + " " + ",".join("%02x" % c for c in codes))
    (OUT / "element_reference.txt").write_text("\n".join(lines) + "\n")

    swift = ["// Generated by validation/quantization/reference.py (ml_dtypes %s, numpy %s). Do not edit."
             % (ml_dtypes.__version__, np.__version__),
             "// Inputs: float32 bit patterns, one row per line; references: see the script.",
             "enum QuantizationReferenceData {"]
    for var, path in [("inputs", "inputs.txt"), ("blockReference", "mx_reference.txt"),
                      ("elementReference", "element_reference.txt")]:
        swift.append(f'    static let {var} = """')
        swift += ["    " + l for l in (OUT / path).read_text().splitlines()]
        swift.append('    """')
    swift.append("}")
    (ROOT / "Tests/ChopTests/QuantizationReferenceData.swift").write_text("\n".join(swift) + "\n")
    print("wrote", len(out), "block reference lines and", len(lines) - 1, "element formats")


if __name__ == "__main__":
    main()
