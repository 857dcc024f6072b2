#!/usr/bin/env python3
"""Second reference table: points on both sides of every region boundary of BesselRegion and
near the turning point x = 0.6627 v (where log I_v(x) is close to its smallest magnitude),
computed exactly as make_reference.py does (mpmath 45 digits, log K by quadrature).

Output: ../../Tests/LogBesselTests/Resources/logbessel_boundary.csv (v,x,logI,logK).
"""
import math, os, sys
import make_reference as m

pts = []
for v in [0.0, 0.3, 0.69, 0.71, 3.0, 7.0, 12.69, 12.7, 15.0, 20.0, 20.3]:
    for x in [19.69, 19.7, 29.99, 30.01, 31.9, 32.1, 45.0]:
        pts.append((v, x))
for x in [30.01, 50.0, 1000.0, 2e4]:
    b = math.sqrt(2 * x)
    pts += [(b * 0.999, x), (b * 1.001, x)]
for v in [50.0, 100.0, 1000.0, 1e4, 1e5]:
    for z in [0.6, 0.6627, 0.7]:
        pts.append((v, z * v))
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "..", "Tests", "LogBesselTests", "Resources", "logbessel_boundary.csv")
rows = []
for v, x in pts:
    li = m.log_i(v, x); lk = m.log_k_quad(v, x)
    rows.append(f"{v!r},{x!r},{m.mp.nstr(li, 30)},{m.mp.nstr(lk, 30)}")
    print(len(rows), rows[-1], file=sys.stderr, flush=True)
with open(out, "w") as f:
    f.write("v,x,logI,logK\n" + "\n".join(rows) + "\n")
print(f"{len(rows)} points written")
