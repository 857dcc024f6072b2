"""Reference W1 distances from SciPy for the ClimateStress tests.

Run: python3 validation/climate/wasserstein_reference.py
Writes validation/climate/wasserstein_reference.json (samples and scipy's W1).
"""
import json, pathlib
import numpy as np
from scipy.stats import wasserstein_distance

rng = np.random.default_rng(20220401)
cases = []
for n, m in [(1, 1), (3, 7), (50, 50), (100, 37), (500, 1200), (2, 2000)]:
    a = rng.normal(0.0, 1.0, n) * rng.uniform(0.5, 3)
    b = rng.standard_t(3, m) + rng.uniform(-1, 1)
    # duplicates exercise ties
    a = np.round(a, 2); b = np.round(b, 2)
    cases.append({"a": a.tolist(), "b": b.tolist(), "w1": float(wasserstein_distance(a, b))})
out = pathlib.Path(__file__).with_name("wasserstein_reference.json")
out.write_text(json.dumps(cases))
print(f"wrote {len(cases)} cases to {out}")
