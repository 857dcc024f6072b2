#!/usr/bin/env python3
"""Reference table for log I_v(x) and log K_v(x), computed with mpmath at 45 digits.

Points: v in {0, 0.5, 1, 2.5, 10, 50, 100, 1e3, 1e4, 1e5} x x in {1e-10 ... 1e5} (17 values),
plus 250 random log-uniform points (seed 20240908) with v in [1e-3, 1e5] (every 10th v = 0)
and x in [1e-10, 1e5]. Every v and x is a binary64 number and is evaluated exactly.

log K is computed INDEPENDENTLY of mpmath.besselk, by quadrature of
    K_v(x) = 1/2 * int_{-inf}^{inf} exp(v t - x cosh t) dt,
shifted by its maximum at t* = asinh(v/x) (mpmath.besselk is known to return wrong values,
even negative, for v >~ 200 somewhat larger than x). log I is mpmath.besseli. The two are
cross-checked with the Wronskian I_v K_{v+1} + I_{v+1} K_v = 1/x (K_{v+1} also by
quadrature); the largest Wronskian residual and every disagreement between besselk and the
quadrature are printed (see README.md).

Output: ../../Tests/LogBesselTests/Resources/logbessel_reference.csv with columns
v,x,logI,logK (v and x as shortest-round-trip binary64 decimals, the values to 30 digits).
"""
import math, os, random, sys
import mpmath as mp

mp.mp.dps = 45


def log_k_quad(v, x):
    v = mp.mpf(v); x = mp.mpf(x)
    ts = mp.asinh(v / x)
    g = lambda t: v * t - x * mp.cosh(t)
    gs = g(ts)
    f = lambda t: mp.exp(g(t) - gs)
    sig = (x * x + v * v) ** mp.mpf(-0.25)
    step = min(mp.mpf(1), 2 * sig)
    # walk out until the integrand is below e^-130 of its maximum
    def edge(direction):
        d = step
        while g(ts + direction * d) - gs > -130:
            d *= 1.5
        return ts + direction * d
    a, b = edge(-1), edge(1)
    n = int(mp.ceil((b - a) / step))
    n = max(4, min(n, 120))
    pts = [a + (b - a) * i / n for i in range(n + 1)]
    val = mp.quad(f, pts)
    return mp.log(val / 2) + gs


def log_i(v, x):
    return mp.log(mp.besseli(mp.mpf(v), mp.mpf(x), maxterms=10**7))


def main():
    vs = [0.0, 0.5, 1.0, 2.5, 10.0, 50.0, 100.0, 1e3, 1e4, 1e5]
    xs = [1e-10, 1e-5, 1e-3, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 50.0, 100.0, 300.0, 1e3, 1e4, 1e5]
    pts = [(v, x) for v in vs for x in xs]
    rng = random.Random(20240908)
    for i in range(250):
        v = 0.0 if i % 10 == 0 else 10 ** rng.uniform(-3, 5)
        x = 10 ** rng.uniform(-10, 5)
        pts.append((v, x))
    if len(sys.argv) > 1:
        pts = pts[: int(sys.argv[1])]
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "..", "Tests", "LogBesselTests", "Resources", "logbessel_reference.csv")
    worst_w = mp.mpf(0)
    besselk_bad = []
    rows = []
    for (v, x) in pts:
        li = log_i(v, x)
        lk = log_k_quad(v, x)
        li1 = log_i(mp.mpf(v) + 1, x)  # exact v + 1 (v + 1 in binary64 may round)
        lk1 = log_k_quad(mp.mpf(v) + 1, x)
        # Wronskian: I_v K_{v+1} + I_{v+1} K_v = 1/x, in logs
        w = mp.exp(li + lk1 + mp.log(x)) + mp.exp(li1 + lk + mp.log(x))
        worst_w = max(worst_w, abs(w - 1))
        wres = abs(w - 1)
        try:
            kk = mp.besselk(v, x)
            lkk = mp.log(kk) if kk > 0 else None
        except Exception:
            lkk = None
        if lkk is None or abs(lkk - lk) > mp.mpf(10) ** -30 * max(1, abs(lk)):
            besselk_bad.append((v, x, mp.nstr(lkk, 20) if lkk is not None else "non-positive", mp.nstr(lk, 20)))
        rows.append(f"{v!r},{x!r},{mp.nstr(li, 30)},{mp.nstr(lk, 30)}")
        print(len(rows), rows[-1], "wronskian", mp.nstr(wres, 3), flush=True, file=sys.stderr)
    with open(out, "w") as f:
        f.write("v,x,logI,logK\n")
        f.write("\n".join(rows) + "\n")
    print(f"{len(rows)} points written to {os.path.relpath(out)}")
    print(f"largest Wronskian residual |x(I_v K_v+1 + I_v+1 K_v) - 1| = {mp.nstr(worst_w, 5)}")
    print(f"mpmath.besselk disagrees with the quadrature (>1e-30 relative) at {len(besselk_bad)} points:")
    for b in besselk_bad:
        print("   v=%r x=%r  log(besselk)=%s  quadrature=%s" % b)


if __name__ == "__main__":
    main()
