import Foundation
import Chop

/// Small-step ODE integration in an emulated format, where the state update falls
/// below half an ulp of the state and round-to-nearest stagnates.
///
/// - ``Problem/decay``: Euler's method for y′ = −y, y(0) = 1 on [0, T] with n steps:
///   y ← fl(y + fl(c·y)) with c = fl(−h), h = T/n. References: the exact solution of
///   the same discrete recurrence, (1 + c)ⁿ (isolating rounding error), and e^(−T).
/// - ``Problem/oscillator``: symplectic Euler for x″ = −x, x(0) = 1, x′(0) = 0:
///   v ← fl(v − fl(h·x)), x ← fl(x + fl(h·v)) with h = fl(T/n). References: the same
///   recurrence in binary64 (rounding error about n·2⁻⁵³, far below the emulated
///   formats') and cos T.
///
/// Stochastic rounding keeps the state following the solution in both.
public struct ODEStudy: Sendable {
    /// The initial-value problem integrated.
    public enum Problem: String, CaseIterable, Sendable {
        /// y′ = −y, y(0) = 1, by Euler's method.
        case decay
        /// x″ = −x, x(0) = 1, x′(0) = 0, by symplectic Euler.
        case oscillator
    }

    /// The problem integrated.
    public var problem: Problem
    /// The formats the integration runs in.
    public var formats: [FloatFormat]
    /// The rounding modes of every operation.
    public var modes: [RoundingMode]
    /// Step counts n.
    public var steps: [Int]
    /// The end time T (0 < T ≤ 100).
    public var endTime: Double
    /// The seed of the stochastic modes.
    public var seed: UInt64

    /// A study of every format × mode × step count.
    /// - Throws: ``StudyError/invalidSize(_:_:)`` for a step count outside 1...10⁹,
    ///   ``StudyError/invalidParameter(_:_:)`` for an end time outside (0, 100].
    public init(
        problem: Problem = .decay, formats: [FloatFormat], modes: [RoundingMode],
        steps: [Int] = [10, 100, 1000, 10_000, 100_000], endTime: Double = 1, seed: UInt64 = 1
    ) throws {
        self.problem = problem
        for n in steps where n < 1 || n > 1_000_000_000 { throw StudyError.invalidSize("number of steps", n) }
        guard endTime > 0, endTime.isFinite, endTime <= 100 else {
            throw StudyError.invalidParameter("end time", "\(endTime)")
        }
        self.formats = formats
        self.modes = modes
        self.steps = steps
        self.endTime = endTime
        self.seed = seed
    }

    /// The final y after n Euler steps in `format` under `mode`, and c = fl(−T/n).
    public static func integrate<G: RandomNumberGenerator>(
        steps n: Int, endTime: Double, format: FloatFormat, mode: RoundingMode, using g: inout G
    ) -> (y: Double, c: Double) {
        var rn = Xoshiro256StarStar(seed: 0)
        let c = RoundedArithmetic.divide(-endTime, Double(n), format: format, mode: .nearestEven, using: &rn)
        var y = Chop.round(1.0, to: format, mode: .nearestEven, using: &rn)
        for _ in 0..<n {
            let update = RoundedArithmetic.multiply(c, y, format: format, mode: mode, using: &g)
            y = RoundedArithmetic.add(y, update, format: format, mode: mode, using: &g)
        }
        return (y, c)
    }

    /// The final x after n symplectic Euler steps in `format` under `mode`, and h = fl(T/n).
    public static func oscillate<G: RandomNumberGenerator>(
        steps n: Int, endTime: Double, format: FloatFormat, mode: RoundingMode, using g: inout G
    ) -> (x: Double, h: Double) {
        var rn = Xoshiro256StarStar(seed: 0)
        let h = RoundedArithmetic.divide(endTime, Double(n), format: format, mode: .nearestEven, using: &rn)
        var x = Chop.round(1.0, to: format, mode: .nearestEven, using: &rn), v = 0.0
        for _ in 0..<n {
            let dv = RoundedArithmetic.multiply(h, x, format: format, mode: mode, using: &g)
            v = RoundedArithmetic.subtract(v, dv, format: format, mode: mode, using: &g)
            let dx = RoundedArithmetic.multiply(h, v, format: format, mode: mode, using: &g)
            x = RoundedArithmetic.add(x, dx, format: format, mode: mode, using: &g)
        }
        return (x, h)
    }

    /// The oscillator recurrence with step h in binary64 (native arithmetic).
    public static func oscillatorReference(steps n: Int, h: Double) -> Double {
        var x = 1.0, v = 0.0
        for _ in 0..<n {
            v -= h * x
            x += h * v
        }
        return x
    }

    /// The columns of the table.
    public static let columns = [
        "problem", "format", "mode", "steps", "h", "computed", "discrete_exact", "ode_exact", "rounding_error", "total_error",
    ]

    /// Runs the study; `progress` receives the fraction done (0...1).
    public func run(progress: (Double) -> Void = { _ in }) -> StudyTable {
        var table = StudyTable(columns: Self.columns)
        let total = Double(formats.count * modes.count) * Double(steps.reduce(0, +))
        var done = 0.0
        let ode = problem == .decay ? Foundation.exp(-endTime) : Foundation.cos(endTime)
        for format in formats {
            for mode in modes {
                for n in steps {
                    var g = Xoshiro256StarStar(seed: seed, stream: 1)
                    let y: Double, h: Double, discrete: Double
                    switch problem {
                    case .decay:
                        let (yn, c) = Self.integrate(steps: n, endTime: endTime, format: format, mode: mode, using: &g)
                        // (1 + c)^n = exp(n·log1p(c)), c exact in binary64.
                        (y, h, discrete) = (yn, -c, Foundation.exp(Double(n) * Foundation.log1p(c)))
                    case .oscillator:
                        let (xn, step) = Self.oscillate(steps: n, endTime: endTime, format: format, mode: mode, using: &g)
                        (y, h, discrete) = (xn, step, Self.oscillatorReference(steps: n, h: step))
                    }
                    table.append([
                        .text(problem.rawValue), .text(format.name), .text(mode.name), .integer(n), .real(h), .real(y), .real(discrete),
                        .real(ode), .real(relativeError(y, discrete)), .real(relativeError(y, ode)),
                    ])
                    done += Double(n)
                    progress(done / total)
                }
            }
        }
        return table
    }
}
