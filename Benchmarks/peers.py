#!/usr/bin/env python3
"""Peers of chop-bench: ns per element to round 10^7 random doubles with numpy's
astype(float16), ml_dtypes' bfloat16 (if installed) and Pychop (numpy backend).

Prints CSV in chop-bench's format: case,format,mode,threads,ns_per_element_median,
ns_per_element_min,cpu_ns_per_element_median,cpu_ns_per_element_min (CPU time of the
whole process, which for Pychop's Dask path includes its worker threads).
Same data distribution as chop-bench (uniform in (-4, 4)); one warm-up call, then
the median and minimum of --repeats timed calls (--pychop-repeats for Pychop, which
takes seconds per call). numpy and Pychop's numpy backend run on one core.

Before timing, it cross-checks Pychop's round-to-nearest-even against numpy's
astype(float16) (and ml_dtypes' bfloat16) on the benchmark data, and Pychop's
stochastic rounding for bracketing; it exits with status 1 on any mismatch.
"""
import argparse
import statistics
import sys
import time

import numpy as np
import pychop

try:
    import ml_dtypes
except ImportError:  # optional peer
    ml_dtypes = None


def measure(fn, repeats):
    """Wall and process CPU seconds of fn: (median, min, cpu median, cpu min)."""
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(repeats):
        c = time.process_time()
        t = time.perf_counter()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), min(wall), statistics.median(cpu), min(cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=float, default=1e7)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pychop-repeats", type=int, default=3)
    args = parser.parse_args()
    n = int(args.count)
    x = np.random.default_rng(2024).uniform(-4, 4, n)
    out = np.empty_like(x)
    pychop.backend("numpy")

    print("case,format,mode,threads,ns_per_element_median,ns_per_element_min,"
          "cpu_ns_per_element_median,cpu_ns_per_element_min")

    def report(case, fmt, mode, t, count=n):
        print(f"{case},{fmt},{mode},1," + ",".join(f"{v / count * 1e9:.3f}" for v in t), flush=True)

    # Cross-checks on a slice (Pychop is slow): equal to the IEEE/ml_dtypes casts.
    check = x[:200_000]
    ok = True
    half = check.astype(np.float16).astype(np.float64)
    if not np.array_equal(pychop.Chop(5, 10, rmode=1)(check), half):
        print("peers.py: Pychop binary16 nearest-even differs from numpy astype(float16)", file=sys.stderr)
        ok = False
    if ml_dtypes is not None:
        # ml_dtypes casts float64 to bfloat16 through float32 (two roundings), so
        # compare on float32 inputs, where one rounding is all there is.
        check32 = check.astype(np.float32).astype(np.float64)
        bf = check32.astype(ml_dtypes.bfloat16).astype(np.float64)
        if not np.array_equal(pychop.Chop(8, 7, rmode=1)(check32), bf):
            print("peers.py: Pychop bfloat16 nearest-even differs from ml_dtypes", file=sys.stderr)
            ok = False
        twice = int(np.sum(check.astype(ml_dtypes.bfloat16).astype(np.float64) != pychop.Chop(8, 7, rmode=1)(check)))
        print(f"peers.py: note: ml_dtypes float64->bfloat16 differs from single rounding on {twice} of "
              f"{len(check)} inputs (double rounding through float32)", file=sys.stderr)
    sr = pychop.Chop(5, 10, rmode=5)(check)
    # Stochastic results must be one of the two binary16 neighbours of x.
    lo = np.where(half <= check, half, np.nextafter(half.astype(np.float16), np.float16(-np.inf)).astype(np.float64))
    hi = np.where(half >= check, half, np.nextafter(half.astype(np.float16), np.float16(np.inf)).astype(np.float64))
    if not np.all((sr == lo) | (sr == hi)):
        print("peers.py: Pychop stochastic binary16 result outside the bracketing neighbours", file=sys.stderr)
        ok = False
    if not ok:
        sys.exit(1)

    report("numpy-copy", "-", "-", measure(lambda: np.copyto(out, x), args.repeats))
    report("numpy-astype", "binary16", "nearest-even",
           measure(lambda: x.astype(np.float16), args.repeats))
    report("numpy-astype-roundtrip", "binary16", "nearest-even",
           measure(lambda: np.copyto(out, x.astype(np.float16)), args.repeats))
    if ml_dtypes is not None:
        report("ml_dtypes-astype", "bfloat16", "nearest-even",
               measure(lambda: x.astype(ml_dtypes.bfloat16), args.repeats))
    # Pychop: "pychop" passes chunk_size=n so the numpy backend rounds the whole
    # array at once (its fastest setting); "pychop-default" keeps the default
    # chunk_size=800, with which the deterministic modes go through Dask in chunks
    # of 800 elements (timed on min(n, 10^6) elements: the cost is per chunk).
    for fmt, (e, m) in (("binary16", (5, 10)), ("bfloat16", (8, 7))):
        for mode, rmode in (("nearest-even", 1), ("stochastic", 5)):
            chop = pychop.Chop(e, m, rmode=rmode, chunk_size=n + 1)
            report("pychop", fmt, mode, measure(lambda: chop(x), args.pychop_repeats))
    small = x[: min(n, 1_000_000)]
    for fmt, (e, m) in (("binary16", (5, 10)), ("bfloat16", (8, 7))):
        chop = pychop.Chop(e, m, rmode=1)
        report("pychop-default", fmt, "nearest-even", measure(lambda: chop(small), args.pychop_repeats),
               count=len(small))


if __name__ == "__main__":
    main()
