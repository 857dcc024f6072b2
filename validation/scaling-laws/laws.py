"""The laws of Sources/ScalingLaws/LawCatalogue.swift written independently in NumPy,
with the same parameter transforms and bounds (log form for positive prefactors)."""
import numpy as np

def log2(x):
    return np.log(x) / np.log(2.0)

LAWS = {
    "chinchilla": dict(
        variables=["N", "D"], response="loss",
        params=[("E", 1e-3, 20, True), ("A", 1e-3, 1e12, True), ("B", 1e-3, 1e12, True),
                ("alpha", 0, 2, False), ("beta", 0, 2, False)],
        f=lambda p, x: p["E"] + p["A"] / x["N"] ** p["alpha"] + p["B"] / x["D"] ** p["beta"]),
    "fp-quant": dict(
        variables=["N", "D", "E", "M", "B"], response="loss",
        params=[("n", 1e-6, 1e9, True), ("alpha", 0, 2, False), ("d", 1e-6, 1e12, True), ("beta", 0, 2, False),
                ("epsilon", 1e-3, 20, True), ("gamma", 1e-6, 1e12, True), ("delta", 0, 10, False), ("nu", 0, 10, False)],
        f=lambda p, x: p["n"] / x["N"] ** p["alpha"] + p["d"] / x["D"] ** p["beta"] + p["epsilon"]
        + x["D"] ** p["beta"] / x["N"] ** p["alpha"] * log2(x["B"])
        / (p["gamma"] * (x["E"] + 0.5) ** p["delta"] * (x["M"] + 0.5) ** p["nu"])),
    "qat": dict(
        variables=["N", "D", "G"], response="loss",
        params=[("E", 1e-3, 20, True), ("A", 1e-3, 1e12, True), ("B", 1e-3, 1e12, True),
                ("alpha", 0, 2, False), ("beta", 0, 2, False),
                ("k", 1e-9, 1e9, True), ("gamma_D", -2, 2, False), ("gamma_G", -5, 5, False), ("gamma_N", -2, 2, False)],
        f=lambda p, x: p["E"] + p["A"] / x["N"] ** p["alpha"] + p["B"] / x["D"] ** p["beta"]
        + p["k"] * x["D"] ** p["gamma_D"] * log2(x["G"]) ** p["gamma_G"] / x["N"] ** p["gamma_N"]),
    "precision": dict(
        variables=["N", "D", "P"], response="loss",
        params=[("E", 1e-3, 20, True), ("A", 1e-3, 1e12, True), ("B", 1e-3, 1e12, True),
                ("alpha", 0, 2, False), ("beta", 0, 2, False), ("gamma_w", 1e-2, 100, True)],
        f=lambda p, x: p["E"] + p["A"] / (x["N"] * (1 - np.exp(-x["P"] / p["gamma_w"]))) ** p["alpha"]
        + p["B"] / x["D"] ** p["beta"]),
}

SUN2025 = dict(n=69.2343, alpha=0.2368, d=68973.0621, beta=0.5162, epsilon=1.9061,
               gamma=11334.5197, delta=3.1926, nu=2.9543)
BESIROGLU2024 = dict(E=1.82, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658)
