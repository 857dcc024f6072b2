#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ScalingLaw {
    /// The built-in laws. Published constants are shipped only where they were
    /// read from the paper (see the README, section ScalingLaws); the QAT and precision laws
    /// ship their forms only, to be fitted.
    public static let catalogue: [ScalingLaw] = [chinchilla, fpQuant, qat, qatError, precision, precisionFull, precisionPTQ]

    static let chinchillaParameters: [LawParameter] = [
        // The grid of Hoffmann et al. / Besiroglu et al. (in log form for E, A, B).
        LawParameter("E", lower: 1e-3, upper: 20, logScale: true, grid: [-1, -0.5, 0, 0.5, 1, 1.5].map { exp($0) }),
        LawParameter("A", lower: 1e-3, upper: 1e12, logScale: true, grid: [0, 5, 10, 15, 20, 25].map { exp(Double($0)) }),
        LawParameter("B", lower: 1e-3, upper: 1e12, logScale: true, grid: [0, 5, 10, 15, 20, 25].map { exp(Double($0)) }),
        LawParameter("alpha", lower: 0, upper: 2, grid: [0, 0.5, 1, 1.5, 2]),
        LawParameter("beta", lower: 0, upper: 2, grid: [0, 0.5, 1, 1.5, 2]),
    ]

    /// Hoffmann et al. (2022): L(N, D) = E + A/N^α + B/D^β.
    public static let chinchilla = try! ScalingLaw(
        name: "chinchilla",
        summary: "Hoffmann et al. 2022: L = E + A/N^alpha + B/D^beta",
        formula: "E + A/N^alpha + B/D^beta",
        parameters: chinchillaParameters,
        variables: [LawVariable("N", meaning: "parameters"), LawVariable("D", meaning: "training tokens")],
        published: [
            PublishedConstants(key: "besiroglu2024",
                               source: "Besiroglu et al. 2024, arXiv 2404.10102 (refit of the digitized Chinchilla data)",
                               values: ["E": 1.82, "A": 482.01, "B": 2085.43, "alpha": 0.3478, "beta": 0.3658]),
            PublishedConstants(key: "hoffmann2022",
                               source: "Hoffmann et al. 2022, arXiv 2203.15556 (approach 3)",
                               values: ["E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28]),
        ])

    /// Sun et al. (arXiv 2501.02423): floating-point quantization training law.
    public static let fpQuant = try! ScalingLaw(
        name: "fp-quant",
        summary: "Sun et al. 2025: L = n/N^alpha + d/D^beta + epsilon + (D^beta/N^alpha) log2(B) / (gamma (E+1/2)^delta (M+1/2)^nu)",
        formula: "n/N^alpha + d/D^beta + epsilon + D^beta/N^alpha * log2(B) / (gamma * (E + 0.5)^delta * (M + 0.5)^nu)",
        parameters: [
            LawParameter("n", lower: 1e-6, upper: 1e9, logScale: true, grid: [1, 30, 1000]),
            LawParameter("alpha", lower: 0, upper: 2, grid: [0.1, 0.3, 0.6]),
            LawParameter("d", lower: 1e-6, upper: 1e12, logScale: true, grid: [1e2, 1e4, 1e6]),
            LawParameter("beta", lower: 0, upper: 2, grid: [0.2, 0.5, 0.8]),
            LawParameter("epsilon", lower: 1e-3, upper: 20, logScale: true, grid: [1, 2]),
            LawParameter("gamma", lower: 1e-6, upper: 1e12, logScale: true, grid: [1e2, 1e4, 1e6]),
            LawParameter("delta", lower: 0, upper: 10, grid: [1, 3]),
            LawParameter("nu", lower: 0, upper: 10, grid: [1, 3]),
        ],
        variables: [
            LawVariable("N", meaning: "parameters"), LawVariable("D", meaning: "training tokens"),
            LawVariable("E", .nonNegative, meaning: "exponent bits"),
            LawVariable("M", .nonNegative, meaning: "mantissa bits"),
            LawVariable("B", .greaterThanOne, meaning: "scaling block size (channel-wise: log2 B = 13.1567)"),
        ],
        published: [
            PublishedConstants(key: "sun2025", source: "Sun et al. 2025, arXiv 2501.02423",
                               values: ["n": 69.2343, "alpha": 0.2368, "d": 68973.0621, "beta": 0.5162,
                                        "epsilon": 1.9061, "gamma": 11334.5197, "delta": 3.1926, "nu": 2.9543]),
        ])

    static let qatErrorParameters: [LawParameter] = [
        LawParameter("k", lower: 1e-9, upper: 1e9, logScale: true, grid: [1e-2, 1, 1e2]),
        LawParameter("gamma_D", lower: -2, upper: 2, grid: [0.05, 0.3]),
        LawParameter("gamma_G", lower: -5, upper: 5, grid: [0.5, 1.5]),
        LawParameter("gamma_N", lower: -2, upper: 2, grid: [0.1, 0.5]),
    ]

    /// Chen et al. (arXiv 2505.14302): QAT loss = Chinchilla term + k D^γ_D (log2 G)^γ_G / N^γ_N.
    public static let qat = try! ScalingLaw(
        name: "qat",
        summary: "Chen et al. 2025: L = E + A/N^alpha + B/D^beta + k D^gamma_D (log2 G)^gamma_G / N^gamma_N",
        formula: "E + A/N^alpha + B/D^beta + k * D^gamma_D * log2(G)^gamma_G / N^gamma_N",
        parameters: chinchillaParameters.map { p in
            var p = p
            p.grid = [p.grid.first!, p.grid[p.grid.count / 2], p.grid.last!]
            if p.name == "alpha" || p.name == "beta" { p.grid = [0.2, 0.5] }
            return p
        } + qatErrorParameters,
        variables: [LawVariable("N", meaning: "parameters"), LawVariable("D", meaning: "training tokens"),
                    LawVariable("G", .greaterThanOne, meaning: "quantization group size")])

    /// The QAT quantization error alone: δ = k D^γ_D (log2 G)^γ_G / N^γ_N.
    public static let qatError = try! ScalingLaw(
        name: "qat-error",
        summary: "Chen et al. 2025: error = k D^gamma_D (log2 G)^gamma_G / N^gamma_N",
        formula: "k * D^gamma_D * log2(G)^gamma_G / N^gamma_N",
        response: "error",
        parameters: qatErrorParameters,
        variables: [LawVariable("N", meaning: "parameters"), LawVariable("D", meaning: "training tokens"),
                    LawVariable("G", .greaterThanOne, meaning: "quantization group size")])

    static let shortChinchillaGrid: [LawParameter] = chinchillaParameters.map { p in
        var p = p
        p.grid = p.name == "alpha" || p.name == "beta" ? [0.2, 0.5] : [p.grid.first!, p.grid[p.grid.count / 2]]
        return p
    }

    /// Kumar et al. (arXiv 2411.04330), weight-precision form:
    /// L = E + A / N_eff^α + B/D^β with N_eff = N (1 − e^(−P/γ_w)).
    public static let precision = try! ScalingLaw(
        name: "precision",
        summary: "Kumar et al. 2024: L = E + A/(N (1 - exp(-P/gamma_w)))^alpha + B/D^beta",
        formula: "E + A/(N * (1 - exp(-P/gamma_w)))^alpha + B/D^beta",
        parameters: shortChinchillaGrid + [LawParameter("gamma_w", lower: 1e-2, upper: 100, logScale: true, grid: [1, 3, 8])],
        variables: [LawVariable("N", meaning: "parameters"), LawVariable("D", meaning: "training tokens"),
                    LawVariable("P", meaning: "training precision of the weights (bits)")])

    /// Kumar et al., weights, activations and KV cache each at their own precision.
    public static let precisionFull = try! ScalingLaw(
        name: "precision-full",
        summary: "Kumar et al. 2024: N_eff = N prod_x (1 - exp(-P_x/gamma_x)) for x in w, a, kv",
        formula: "E + A/(N * (1 - exp(-Pw/gamma_w)) * (1 - exp(-Pa/gamma_a)) * (1 - exp(-Pkv/gamma_kv)))^alpha + B/D^beta",
        parameters: shortChinchillaGrid + ["gamma_w", "gamma_a", "gamma_kv"].map {
            LawParameter($0, lower: 1e-2, upper: 100, logScale: true, grid: [1, 4])
        },
        variables: [LawVariable("N", meaning: "parameters"), LawVariable("D", meaning: "training tokens"),
                    LawVariable("Pw", meaning: "weight bits"), LawVariable("Pa", meaning: "activation bits"),
                    LawVariable("Pkv", meaning: "KV-cache bits")])

    /// Kumar et al., post-training quantization degradation:
    /// δ = C_T e^(−P_post/γ_post) D^γ_D / N^γ_N.
    public static let precisionPTQ = try! ScalingLaw(
        name: "precision-ptq",
        summary: "Kumar et al. 2024: degradation = C_T exp(-Ppost/gamma_post) D^gamma_D / N^gamma_N",
        formula: "C_T * exp(-Ppost/gamma_post) * D^gamma_D / N^gamma_N",
        response: "degradation",
        parameters: [
            LawParameter("C_T", lower: 1e-9, upper: 1e9, logScale: true, grid: [1e-2, 1, 1e2]),
            LawParameter("gamma_post", lower: 1e-2, upper: 100, logScale: true, grid: [0.5, 2]),
            LawParameter("gamma_D", lower: -2, upper: 2, grid: [0.1, 0.5]),
            LawParameter("gamma_N", lower: -2, upper: 2, grid: [0.1, 0.5]),
        ],
        variables: [LawVariable("N", meaning: "parameters"), LawVariable("D", meaning: "training tokens"),
                    LawVariable("Ppost", meaning: "post-training precision (bits)")])
}
