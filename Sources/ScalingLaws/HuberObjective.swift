#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The fitting objectives of Hoffmann et al. (2022) and Besiroglu et al. (2024), on the
/// log-space residuals r_i = `log(prediction) − log(observed)`:
/// - ``Reduction/sum``: Σ ρ_δ(r_i), the summed Huber loss (Hoffmann et al.'s objective
///   as Besiroglu et al. describe it);
/// - ``Reduction/mean``: the same divided by the number of rows;
/// - ``Reduction/likelihood``: the negative log-likelihood of the residuals under a
///   Huber density with a fitted scale s, Σ ρ_δ(r_i/s) + n·log s + n·log Z(δ) with
///   Z(δ) = √(2π)·erf(δ/√2) + 2·e^(−δ²/2)/δ — the estimator behind Besiroglu et al.'s
///   published constants (their notebook's `huber_logpdf` objective). The scale is an
///   extra optimiser coordinate log s after the law's parameters.
///
/// The optimiser works on a transformed vector θ: `θ_i = log(p_i)` for
/// log-scale parameters, `θ_i = p_i` otherwise. A non-positive or non-finite
/// prediction makes the objective +infinity.
public struct HuberObjective: Sendable {
    /// How the per-row Huber terms are combined.
    public enum Reduction: String, Sendable, CaseIterable {
        /// Sum over rows (Besiroglu et al.: what the fit should do).
        case sum
        /// Mean over rows (what the original Chinchilla fit did; with the usual
        /// stopping tolerances the optimiser stops early).
        case mean
        /// Huber negative log-likelihood with a fitted scale (Besiroglu et al.'s published fit).
        case likelihood
    }

    /// Bounds of the log-scale coordinate of ``Reduction/likelihood``.
    public static let logScaleBounds = (lower: log(1e-10), upper: log(10.0))

    /// The normalising constant Z(δ) = ∫ exp(−ρ_δ(x)) dx of the Huber density.
    public static func normalizingConstant(delta: Double) -> Double {
        (2 * Double.pi).squareRoot() * erf(delta / 2.0.squareRoot()) + 2 * exp(-0.5 * delta * delta) / delta
    }

    /// Optimiser coordinates: the law's parameters, plus log s for the likelihood.
    public var coordinateCount: Int { law.parameters.count + (reduction == .likelihood ? 1 : 0) }

    /// The law whose parameters are fitted.
    public let law: ScalingLaw
    /// The observed runs.
    public let data: ScalingDataset
    /// Huber threshold δ (1e-3 in both papers).
    public let delta: Double
    /// How the per-row terms are combined.
    public let reduction: Reduction
    private let logResponse: [Double]
    private let flatRows: [Double]

    /// The objective of `law` on `data` with threshold `delta`.
    public init(law: ScalingLaw, data: ScalingDataset, delta: Double = 1e-3, reduction: Reduction = .sum) {
        self.law = law
        self.data = data
        self.delta = delta
        self.reduction = reduction
        self.logResponse = data.response.map { log($0) }
        self.flatRows = data.rows.flatMap { $0 }
    }

    /// The Huber function: r²/2 for |r| ≤ δ, δ(|r| − δ/2) beyond.
    @inline(__always) public static func huber(_ r: Double, delta: Double) -> Double {
        abs(r) <= delta ? 0.5 * r * r : delta * (abs(r) - 0.5 * delta)
    }

    /// Parameter values from optimiser coordinates.
    public func parameters(fromCoordinates theta: [Double]) -> [Double] {
        zip(law.parameters, theta).map { $0.logScale ? exp($1) : $1 }
    }

    /// Optimiser coordinates from parameter values (log-scale values must be > 0).
    public func coordinates(fromParameters p: [Double]) -> [Double] {
        zip(law.parameters, p).map { $0.logScale ? log($1) : $1 }
    }

    /// Bounds in optimiser coordinates.
    public var coordinateBounds: (lower: [Double], upper: [Double]) {
        var lower = law.parameters.map { $0.logScale ? log($0.lower) : $0.lower }
        var upper = law.parameters.map { $0.logScale ? log($0.upper) : $0.upper }
        if reduction == .likelihood { lower.append(Self.logScaleBounds.lower); upper.append(Self.logScaleBounds.upper) }
        return (lower, upper)
    }

    /// A start in optimiser coordinates from the law's coordinates: for the likelihood,
    /// log s is appended at the scale that minimises the objective for these residuals
    /// when δ is small (s = δ · mean |r|).
    public func start(fromLawCoordinates theta: [Double]) -> [Double] {
        guard reduction == .likelihood else { return theta }
        let r = residuals(parameters: parameters(fromCoordinates: theta))
        let meanAbs = r.allSatisfy(\.isFinite) ? r.reduce(0) { $0 + abs($1) } / Double(max(r.count, 1)) : 1
        let s = min(max(delta * meanAbs, exp(Self.logScaleBounds.lower + 1)), exp(Self.logScaleBounds.upper - 1))
        return theta + [log(s)]
    }

    /// The fitted scale s at optimiser coordinates θ (nil unless the likelihood).
    public func scale(atCoordinates theta: [Double]) -> Double? {
        reduction == .likelihood && theta.count > law.parameters.count ? exp(theta[law.parameters.count]) : nil
    }

    /// Log-space residuals at the given parameter values.
    public func residuals(parameters p: [Double]) -> [Double] {
        (0..<data.count).map { i in log(law.evaluate(parameters: p, variables: data.rows[i])) - logResponse[i] }
    }

    /// The objective at optimiser coordinates θ, writing its gradient into `gradient`.
    public func value(at theta: [Double], gradient: inout [Double]) -> Double {
        let m = law.parameters.count
        let nv = law.variables.count
        let p = parameters(fromCoordinates: theta)
        let likelihood = reduction == .likelihood
        let s = likelihood ? exp(theta[m]) : 1
        var scaleGradient = 0.0
        let compiled = law.compiled
        let slotsCount = compiled.ops.count
        var total = 0.0
        var g = [Double](repeating: 0, count: m)
        let ok: Bool = withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * slotsCount) { buffer in
            let slots = UnsafeMutableBufferPointer(rebasing: buffer[0..<slotsCount])
            let adjoints = UnsafeMutableBufferPointer(rebasing: buffer[slotsCount...])
            return p.withUnsafeBufferPointer { pp in
                flatRows.withUnsafeBufferPointer { rows in
                    g.withUnsafeMutableBufferPointer { gg in
                        for i in 0..<data.count {
                            let x = UnsafeBufferPointer(rebasing: rows[(i * nv)..<((i + 1) * nv)])
                            let pred = compiled.value(parameters: pp, variables: x, slots: slots)
                            guard pred > 0, pred.isFinite else { return false }
                            let r = (log(pred) - logResponse[i]) / s
                            total += HuberObjective.huber(r, delta: delta)
                            let dr = abs(r) <= delta ? r : (r > 0 ? delta : -delta)
                            if likelihood { scaleGradient -= dr * r }
                            compiled.accumulateGradient(seed: dr / (s * pred), slots: UnsafeBufferPointer(slots),
                                                        adjoints: adjoints, gradient: gg)
                        }
                        return true
                    }
                }
            }
        }
        guard ok, total.isFinite else {
            for k in gradient.indices { gradient[k] = 0 }
            return .infinity
        }
        if likelihood {
            let n = Double(data.count)
            for k in 0..<m { gradient[k] = g[k] * (law.parameters[k].logScale ? p[k] : 1) }
            gradient[m] = scaleGradient + n
            return total + n * theta[m] + n * log(Self.normalizingConstant(delta: delta))
        }
        let scale = reduction == .mean ? 1 / Double(data.count) : 1
        for k in 0..<m {
            gradient[k] = g[k] * scale * (law.parameters[k].logScale ? p[k] : 1)
        }
        return total * scale
    }
}
