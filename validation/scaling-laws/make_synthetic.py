"""(b)/(c) Synthetic runs from each law with known constants and log-normal noise.
Writes synthetic/<law>.csv and synthetic/truth.json. Deterministic (NumPy seed 2026)."""
import json, os, itertools
import numpy as np
from laws import LAWS, SUN2025, BESIROGLU2024

rng = np.random.default_rng(2026)
here = os.path.dirname(os.path.abspath(__file__))
os.makedirs(os.path.join(here, "synthetic"), exist_ok=True)

Ns = [4.4e7, 1.1e8, 2.8e8, 7e8, 1.7e9, 4.2e9, 1e10]
Ds = [5e9, 1.5e10, 4e10, 1e11, 3e11, 8e11]
designs = {
    "chinchilla": [dict(N=n, D=d) for n, d in itertools.product(Ns, Ds)],
    "fp-quant": [dict(N=n, D=d, E=e, M=m, B=b)
                 for n, d, (e, m), b in itertools.product([4.1e7, 1.5e8, 6.8e8, 1.2e9], [1e10, 2e10, 5e10, 1e11],
                                                          [(1, 2), (2, 1), (2, 3), (3, 2), (4, 3), (5, 2), (3, 0)],
                                                          [32, 512, 9130])],
    "qat": [dict(N=n, D=d, G=g) for n, d, g in itertools.product(Ns[:5], Ds[:5], [32, 64, 128, 256])],
    "precision": [dict(N=n, D=d, P=p) for n, d, p in itertools.product(Ns[:5], Ds[:5], [3, 4, 6, 8, 16])],
}
truth = {
    "chinchilla": BESIROGLU2024,
    "fp-quant": SUN2025,
    # Plausible values (not published constants): the QAT and precision laws ship forms only.
    "qat": dict(E=1.8, A=480.0, B=2000.0, alpha=0.35, beta=0.37, k=0.3, gamma_D=0.1, gamma_G=1.5, gamma_N=0.25),
    "precision": dict(E=1.8, A=480.0, B=2000.0, alpha=0.35, beta=0.37, gamma_w=2.5),
}
noise = {"chinchilla": 0.005, "fp-quant": 0.003, "qat": 0.003, "precision": 0.003}
for name, law in LAWS.items():
    rows = designs[name]
    x = {v: np.array([r[v] for r in rows], float) for v in law["variables"]}
    y = law["f"](truth[name], x) * np.exp(noise[name] * rng.standard_normal(len(rows)))
    with open(os.path.join(here, "synthetic", f"{name}.csv"), "w") as f:
        f.write(",".join(law["variables"] + [law["response"]]) + "\n")
        for i in range(len(rows)):
            f.write(",".join(repr(float(x[v][i])) for v in law["variables"]) + f",{float(y[i])!r}\n")
json.dump(dict(truth=truth, noise=noise), open(os.path.join(here, "synthetic", "truth.json"), "w"), indent=1)
print({k: len(v) for k, v in designs.items()})
