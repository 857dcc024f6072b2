import Foundation
import Chop

/// Euler's method for y′ = −y, y(0) = 1 on [0, T] with n steps in an emulated
/// format: y ← fl(y + fl(c·y)) with c = fl(−h), h = T/n.
///
/// With a small step the update c·y falls below half an ulp of y, and under
/// round-to-nearest y stagnates at its initial value; stochastic rounding keeps it
/// following the solution. Two references, both in binary64: the exact solution of
/// the same discrete recurrence, (1 + c)ⁿ (isolating rounding error), and the
/// solution of the ODE, e^(−T).
public struct ODEStudy: Sendable {
    public var formats: [FloatFormat]
    public var modes: [RoundingMode]
    /// Step counts n.
    public var steps: [Int]
    public var endTime: Double
    public var seed: UInt64

    public init(
        formats: [FloatFormat], modes: [RoundingMode], steps: [Int] = [10, 100, 1000, 10_000, 100_000],
        endTime: Double = 1, seed: UInt64 = 1
    ) throws {
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

    public static let columns = [
        "format", "mode", "steps", "h", "computed", "discrete_exact", "ode_exact", "rounding_error", "total_error",
    ]

    public func run(progress: (Double) -> Void = { _ in }) -> StudyTable {
        var table = StudyTable(columns: Self.columns)
        let total = Double(formats.count * modes.count) * Double(steps.reduce(0, +))
        var done = 0.0
        let ode = Foundation.exp(-endTime)
        for format in formats {
            for mode in modes {
                for n in steps {
                    var g = Xoshiro256StarStar(seed: seed, stream: 1)
                    let (y, c) = Self.integrate(steps: n, endTime: endTime, format: format, mode: mode, using: &g)
                    // (1 + c)^n = exp(n·log1p(c)), c exact in binary64.
                    let discrete = Foundation.exp(Double(n) * Foundation.log1p(c))
                    table.append([
                        .text(format.name), .text(mode.name), .integer(n), .real(-c), .real(y), .real(discrete),
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
