#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The fitting objective of Hoffmann et al. (2022) and Besiroglu et al. (2024):
/// the Huber loss of the log-space residuals `log(prediction) − log(observed)`,
/// summed (or averaged) over the rows.
///
/// The optimiser works on a transformed vector θ: `θ_i = log(p_i)` for
/// log-scale parameters, `θ_i = p_i` otherwise. A non-positive or non-finite
/// prediction makes the objective +infinity.
public struct HuberObjective: Sendable {
    public enum Reduction: String, Sendable, CaseIterable {
        /// Sum over rows (Besiroglu et al.: what the fit should do).
        case sum
        /// Mean over rows (what the original Chinchilla fit did; with the usual
        /// stopping tolerances the optimiser stops early).
        case mean
    }

    public let law: ScalingLaw
    public let data: ScalingDataset
    /// Huber threshold δ (1e-3 in both papers).
    public let delta: Double
    public let reduction: Reduction
    private let logResponse: [Double]
    private let flatRows: [Double]

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
        (law.parameters.map { $0.logScale ? log($0.lower) : $0.lower },
         law.parameters.map { $0.logScale ? log($0.upper) : $0.upper })
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
                            let r = log(pred) - logResponse[i]
                            total += HuberObjective.huber(r, delta: delta)
                            let dr = abs(r) <= delta ? r : (r > 0 ? delta : -delta)
                            compiled.accumulateGradient(seed: dr / pred, slots: UnsafeBufferPointer(slots),
                                                        adjoints: adjoints, gradient: gg)
                        }
                        return true
                    }
                }
            }
        }
        guard ok, total.isFinite else {
            for k in 0..<m { gradient[k] = 0 }
            return .infinity
        }
        let scale = reduction == .mean ? 1 / Double(data.count) : 1
        for k in 0..<m {
            gradient[k] = g[k] * scale * (law.parameters[k].logScale ? p[k] : 1)
        }
        return total * scale
    }
}
