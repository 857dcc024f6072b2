#!/usr/bin/env python3
"""Peer check of `chop bessel vmf-fit` against SciPy's von Mises-Fisher (scipy.stats.vonmises_fisher):
samples from SciPy in p dimensions, fits with SciPy and with chop, compares kappa-hat and the
log-likelihood (SciPy's logpdf summed at chop's fit). Run from the repository root after
`swift build --product chop`; output committed as vmf_scipy_check.txt."""
import os, subprocess, tempfile
import numpy as np
import scipy
from scipy.stats import vonmises_fisher

CHOP = os.path.join(".build", "debug", "chop")
rng = np.random.default_rng(20240908)
print(f"scipy {scipy.__version__}")
for p, kappa, n in [(2, 4.0, 2000), (3, 50.0, 1000), (64, 100.0, 500), (2048, 2048.0, 300)]:
    mu = rng.normal(size=p); mu /= np.linalg.norm(mu)
    X = vonmises_fisher(mu, kappa).rvs(n, random_state=rng)
    mu_s, kappa_s = vonmises_fisher.fit(X)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        np.savetxt(f, X, delimiter=",", fmt="%.17g")
        name = f.name
    out = subprocess.run([CHOP, "bessel", "vmf-fit", "--data", name, "--mean"], capture_output=True, text=True, check=True).stdout
    os.unlink(name)
    kv = dict(l.split("=", 1) for l in out.split())
    kc = float(kv["kappa"]); llc = float(kv["log-likelihood"])
    mc = np.array([float(t) for t in kv["mean"].split(",")])
    ll_scipy_at_chop = vonmises_fisher(mc, kc).logpdf(X).sum()
    print(f"p={p:5d} kappa={kappa:7g} n={n}: chop kappa-hat={kc:.10g}, scipy kappa-hat={kappa_s:.10g}, "
          f"rel diff={abs(kc - kappa_s) / kappa_s:.2e}; chop loglik={llc:.12g}, scipy logpdf sum at chop's fit="
          f"{ll_scipy_at_chop:.12g} (rel diff {abs(llc - ll_scipy_at_chop) / abs(ll_scipy_at_chop):.1e}); "
          f"mu-hat agreement {float(mc @ mu_s):.15f}")
