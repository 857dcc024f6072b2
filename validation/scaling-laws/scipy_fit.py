"""An independent fitter in SciPy: Huber loss (delta 1e-3) on log residuals, summed or averaged,
positive prefactors in log form, scipy.optimize.minimize(method="L-BFGS-B") with bounds, gradient by
complex-step differentiation of the NumPy law, multi-start from its own seeded random grid sample."""
import itertools
import numpy as np
from scipy.optimize import minimize
from laws import LAWS

def load(path, law):
    import csv
    rows = list(csv.DictReader(open(path)))
    x = {v: np.array([float(r[v]) for r in rows]) for v in law["variables"]}
    y = np.array([float(r[law["response"]]) for r in rows])
    return x, y

def objective_factory(law, x, y, delta=1e-3, reduction="sum"):
    names = [p[0] for p in law["params"]]
    logs = np.array([p[3] for p in law["params"]])
    ly = np.log(y)
    scale = 1.0 if reduction == "sum" else 1.0 / len(y)

    def params(theta):
        return {n: (np.exp(t) if l else t) for n, t, l in zip(names, theta, logs)}

    def fg(theta):
        pred = law["f"](params(theta), x)
        if not np.all(np.isfinite(pred)) or np.any(pred <= 0):
            return np.inf, np.zeros_like(theta)
        r = np.log(pred) - ly
        hub = np.where(np.abs(r) <= delta, 0.5 * r * r, delta * (np.abs(r) - 0.5 * delta))
        dr = np.clip(r, -delta, delta)
        g = np.empty(len(theta))
        h = 1e-30
        for k in range(len(theta)):
            tc = theta.astype(complex)
            tc[k] += 1j * h
            g[k] = np.sum(dr * np.imag(np.log(law["f"](params(tc), x))) / h)
        return float(np.sum(hub) * scale), g * scale
    return fg, params

def bounds(law):
    return [(np.log(lo), np.log(hi)) if l else (lo, hi) for _, lo, hi, l in law["params"]]

def fit(law, x, y, starts, reduction="sum", options=None):
    fg, params = objective_factory(law, x, y, reduction=reduction)
    best = None
    endpoints = []
    for s in starts:
        r = minimize(fg, np.array(s, float), jac=True, method="L-BFGS-B", bounds=bounds(law),
                     options=options or dict(maxiter=15000, ftol=1e-15, gtol=1e-11, maxfun=30000))
        endpoints.append(r.x)
        if np.isfinite(r.fun) and (best is None or r.fun < best.fun):
            best = r
    return dict(constants={k: float(v) for k, v in params(best.x).items()}, objective=float(best.fun),
                message=str(best.message), nit=int(best.nit), endpoints=[list(map(float, e)) for e in endpoints])

def random_starts(law, count, seed):
    """Uniform random starts inside the bounds (log-uniform for log-form parameters), seeded."""
    rng = np.random.default_rng(seed)
    b = bounds(law)
    # keep starts in a plausible middle region so exponentials stay finite
    lo = np.array([max(l, -5 if p[3] else l) for (l, _), p in zip(b, law["params"])])
    hi = np.array([min(h, 15 if p[3] else h) for (_, h), p in zip(b, law["params"])])
    return [lo + (hi - lo) * rng.random(len(b)) for _ in range(count)]

def besiroglu_grid():
    """The start grid of Besiroglu et al. (in the (log E, log A, log B, alpha, beta) coordinates)."""
    return [list(s) for s in itertools.product(np.arange(-1, 1.5 + 1e-9, 0.5), range(0, 30, 5), range(0, 30, 5),
                                               np.arange(0, 2.01, 0.5), np.arange(0, 2.01, 0.5))]
