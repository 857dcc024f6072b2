import Foundation
import Chop

/// How the random inputs of a study are drawn (in binary64, then rounded to the
/// study's format with round-to-nearest-even, so that every input is a value of
/// the format and the references see exactly the same inputs).
public enum TermDistribution: String, CaseIterable, Sendable {
    /// Uniform on [0, 1).
    case uniform
    /// Standard normal (Box–Muller).
    case normal
    /// The constant 0.1 (rounded to the format), repeated.
    case constant
    /// The terms 1/k, k = 1, 2, … (each rounded once to the format).
    case reciprocal

    /// Parses `uniform`, `normal`, `constant`, `reciprocal` (also `1/k`).
    public init(named name: String) throws {
        let s = name.lowercased()
        if s == "1/k" { self = .reciprocal; return }
        guard let d = TermDistribution(rawValue: s) else {
            throw StudyError.invalidParameter("term distribution", name)
        }
        self = d
    }

    /// The `index`-th term (1-based) in binary64, drawing from `generator` if random.
    func next(index: Int, using generator: inout Xoshiro256StarStar) -> Double {
        switch self {
        case .uniform: return StudyRandom.uniform(using: &generator)
        case .normal: return StudyRandom.normal(using: &generator)
        case .constant: return 0.1
        case .reciprocal: return 1 / Double(index)
        }
    }

    /// `count` terms rounded to `format` (round-to-nearest-even).
    public func terms(count: Int, format: FloatFormat, seed: UInt64) -> [Double] {
        var g = Xoshiro256StarStar(seed: seed, stream: 0)
        var out = [Double]()
        out.reserveCapacity(count)
        var rng = Xoshiro256StarStar(seed: 0)
        for k in 1...max(count, 1) where k <= count {
            let x = next(index: k, using: &g)
            if self == .reciprocal {
                // 1/k rounded once (exact quotient, one rounding).
                out.append(RoundedArithmetic.divide(1, Double(k), format: format, mode: .nearestEven, using: &rng))
            } else {
                out.append(Chop.round(x, to: format, mode: .nearestEven, using: &rng))
            }
        }
        return out
    }
}

/// Random numbers for study inputs, from a seeded ``Xoshiro256StarStar``.
enum StudyRandom {
    /// Uniform on [0, 1) with 53 random bits.
    static func uniform(using g: inout Xoshiro256StarStar) -> Double {
        Double(g.next() >> 11) * 0x1p-53
    }
    /// Uniform on [−1, 1).
    static func symmetric(using g: inout Xoshiro256StarStar) -> Double {
        2 * uniform(using: &g) - 1
    }
    /// Standard normal by Box–Muller (one of the pair).
    static func normal(using g: inout Xoshiro256StarStar) -> Double {
        let u1 = 1 - uniform(using: &g)  // (0, 1]
        let u2 = uniform(using: &g)
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }
}
