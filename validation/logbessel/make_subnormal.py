#!/usr/bin/env python3
"""Reference log K_v(x) at half-integer orders and subnormal (and tiny normal) x.

K_{n+1/2}(x) = sqrt(pi/(2x)) e^-x sum_{k=0}^{n} (n+k)! / (k! (n-k)! (2x)^k)   (DLMF 10.49.12),
evaluated with mpmath at 60 digits on the exact binary64 value of x (mpf(float) is exact).
Four other orders (0, 1, 3.7, 20.25) come from mpmath.besselk (reliable here, where x is tiny
and v moderate; it agrees with the closed form above on the half-integers to 60 digits).

Output: ../../Tests/LogBesselTests/Resources/logbessel_subnormal.csv, columns v,x,logK
(v and x as shortest-round-trip binary64 decimals, logK to 30 digits).
"""
import os
import mpmath as mp

mp.mp.dps = 60


def log_k_half(n, x):
    x = mp.mpf(x)
    s = mp.fsum(mp.factorial(n + k) / (mp.factorial(k) * mp.factorial(n - k)) / (2 * x) ** k for k in range(n + 1))
    return 0.5 * mp.log(mp.pi / (2 * x)) - x + mp.log(s)


def main():
    xs = [5e-324, 1e-323, 1.5e-323, 2e-323, 1e-322, 3.3e-320, 1e-315, 2.2250738585072014e-308 / 3, 1e-300, 1e-100]
    rows = []
    for n in [0, 1, 2, 5, 10, 40]:
        for x in xs:
            rows.append((n + 0.5, x, log_k_half(n, x)))
    for v in [0.0, 1.0, 3.7, 20.25]:
        for x in xs:
            rows.append((v, x, mp.log(mp.besselk(v, mp.mpf(x)))))
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "..", "Tests", "LogBesselTests", "Resources", "logbessel_subnormal.csv")
    with open(out, "w") as f:
        f.write("v,x,logK\n")
        for v, x, lk in rows:
            f.write(f"{v!r},{x!r},{mp.nstr(lk, 30)}\n")
    print(f"{len(rows)} rows -> {out}")


if __name__ == "__main__":
    main()
