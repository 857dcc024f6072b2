#!/usr/bin/env python3
"""Reference log I_v(x), log K_v(x) at the turning point x ~ 0.6627 v of large orders.

There eta(x/v) = 0, so v*eta (the leading term of both logs) is a difference of two
numbers of size ~1.2 v: the table checks that the library reaches 1e-14 relative to
max(1, |value|) there. Points: v in {1000, 2500, 1e4, 31622.5, 1e5}, x = v*(z0 + d)
rounded to binary64 for d in {0, +-1e-6, +-1e-4, +-1e-3, +-0.003, +-0.01, +-0.03, +-0.1}
(z0 = 0.662743419349181580974742..., the root of sqrt(1+z^2) = asinh(1/z)).
log K by the quadrature of make_reference.py (independent of mpmath.besselk), log I by
mpmath.besseli, both at 45 digits on the exact binary64 v and x; the Wronskian
I_v K_{v+1} + I_{v+1} K_v = 1/x is checked at every point (largest residual printed).

Output: ../../Tests/LogBesselTests/Resources/logbessel_turning.csv (v,x,logI,logK).
"""
import os
import sys
import mpmath as mp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_reference import log_k_quad, log_i  # noqa: E402

mp.mp.dps = 45


def main():
    z0 = mp.findroot(lambda z: mp.sqrt(1 + z * z) - mp.asinh(1 / z), mp.mpf("0.6627"))
    ds = [0, 1e-6, -1e-6, 1e-4, -1e-4, 1e-3, -1e-3, 3e-3, -3e-3, 1e-2, -1e-2, 3e-2, -3e-2, 0.1, -0.1]
    vs = [1000.0, 2500.0, 1e4, 31622.5, 1e5]
    rows, worst = [], mp.mpf(0)
    for v in vs:
        for d in ds:
            x = float(mp.mpf(v) * (z0 + d))
            li, lk = log_i(v, x), log_k_quad(v, x)
            li1, lk1 = log_i(mp.mpf(v) + 1, x), log_k_quad(mp.mpf(v) + 1, x)
            w = mp.exp(li + lk1 + mp.log(x)) + mp.exp(li1 + lk + mp.log(x))
            worst = max(worst, abs(w - 1))
            rows.append(f"{v!r},{x!r},{mp.nstr(li, 30)},{mp.nstr(lk, 30)}")
            print(len(rows), rows[-1], flush=True, file=sys.stderr)
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "..", "Tests", "LogBesselTests", "Resources", "logbessel_turning.csv")
    with open(out, "w") as f:
        f.write("v,x,logI,logK\n" + "\n".join(rows) + "\n")
    print(f"{len(rows)} points written; largest Wronskian residual {mp.nstr(worst, 3)}")


if __name__ == "__main__":
    main()
