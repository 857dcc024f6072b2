#!/usr/bin/env python3
"""log I_v(x) and log K_v(x): SwiftChop (`chop bessel bench`, release build) against SciPy
(log(ive(v, x)) + x, log(kve(v, x)) - x, vectorised over the grid), side by side, over the
points of the committed reference table (Tests/LogBesselTests/Resources/logbessel_reference.csv).

It also counts the points where SciPy is non-finite or wrong (|error| / max(1, |ref|) > 1e-10
against the mpmath reference), and where `chop bessel logi/logk` are (> 1e-14).

Usage (from the repository root):
    swift build -c release --product chop
    python3 Benchmarks/logbessel/bench_scipy.py > Benchmarks/logbessel/results.txt
"""
import os, subprocess, sys, time, platform
import numpy as np
import scipy, scipy.special as sp

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TABLE = os.path.join(ROOT, "Tests", "LogBesselTests", "Resources", "logbessel_reference.csv")
CHOP = os.path.join(ROOT, ".build", "release", "chop")

data = np.genfromtxt(TABLE, delimiter=",", skip_header=1, dtype=str)
v = data[:, 0].astype(float); x = data[:, 1].astype(float)
refI = np.array([float(s) for s in data[:, 2]]); refK = np.array([float(s) for s in data[:, 3]])
n = len(v)


def rel(got, ref):
    return np.abs(got - ref) / np.maximum(1, np.abs(ref))


with np.errstate(all="ignore"):
    sI = np.log(sp.ive(v, x)) + x
    sK = np.log(sp.kve(v, x)) - x
    def timeit(f, reps=200):
        f()
        t0 = time.perf_counter()
        for _ in range(reps):
            f()
        return reps * n / (time.perf_counter() - t0)
    rateI = timeit(lambda: np.log(sp.ive(v, x)) + x)
    rateK = timeit(lambda: np.log(sp.kve(v, x)) - x)

badI = (~np.isfinite(sI)) | (rel(sI, refI) > 1e-10)
badK = (~np.isfinite(sK)) | (rel(sK, refK) > 1e-10)
print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
      f"python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}")
print(f"grid: {n} points (v, x) of the reference table")
print(f"SciPy log(ive)+x: {rateI:,.0f} evaluations/s; non-finite {int((~np.isfinite(sI)).sum())}, "
      f"wrong (>1e-10) {int((np.isfinite(sI) & badI).sum())}, total bad {int(badI.sum())}/{n}")
print(f"SciPy log(kve)-x: {rateK:,.0f} evaluations/s; non-finite {int((~np.isfinite(sK)).sum())}, "
      f"wrong (>1e-10) {int((np.isfinite(sK) & badK).sum())}, total bad {int(badK.sum())}/{n}")
fin = np.isfinite(sI)
print(f"  largest SciPy log I error where finite: {rel(sI[fin], refI[fin]).max():.3g}")
fin = np.isfinite(sK)
print(f"  largest SciPy log K error where finite: {rel(sK[fin], refK[fin]).max():.3g}")

if not os.path.exists(CHOP):
    sys.exit("build first: swift build -c release --product chop")
out = subprocess.run([CHOP, "bessel", "bench", "--points", TABLE, "--repetitions", "200"],
                     capture_output=True, text=True, check=True).stdout
kv = dict(line.split("=", 1) for line in out.split() if "=" in line)
# correctness of chop over the grid, through the CLI's CSV mode (one call per point pair list)
def chop_values(kind):
    vals = []
    for i in range(n):
        r = subprocess.run([CHOP, "bessel", kind, f"--order={data[i, 0]}", f"--x={data[i, 1]}"],
                           capture_output=True, text=True, check=True).stdout.strip()
        vals.append(float(r))
    return np.array(vals)
cI = chop_values("logi"); cK = chop_values("logk")
eI = rel(cI, refI); eK = rel(cK, refK)
print(f"SwiftChop logBesselI: {float(kv['logI_evals_per_second']):,.0f} evaluations/s (one thread, scalar loop); "
      f"non-finite {int((~np.isfinite(cI)).sum())}, max error {eI.max():.3g}, points > 1e-14: {int((eI > 1e-14).sum())}")
print(f"SwiftChop logBesselK: {float(kv['logK_evals_per_second']):,.0f} evaluations/s (one thread, scalar loop); "
      f"non-finite {int((~np.isfinite(cK)).sum())}, max error {eK.max():.3g}, points > 1e-14: {int((eK > 1e-14).sum())}")
print(f"speed ratio SwiftChop/SciPy: log I {float(kv['logI_evals_per_second']) / rateI:.2f}x, "
      f"log K {float(kv['logK_evals_per_second']) / rateK:.2f}x")
