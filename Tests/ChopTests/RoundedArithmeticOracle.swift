@testable import Chop

/// An independent reference for small formats (≤ 16 bits, range within 2^±64): it
/// lists every finite value of the format, represents each as an exact integer
/// multiple of the least positive value, locates an exact result between two
/// neighbours by integer (Int128) comparisons, and applies the IEEE 754 rules of
/// each mode literally. It never calls the library's kernel.
struct SmallFormatOracle {
    let format: FloatFormat
    /// Values are I·2^(−s0) with I an integer.
    let s0: Int
    /// Sorted finite values (one zero), bracketed by the neighbours beyond ±max that
    /// an unbounded exponent range would have.
    let grid: [Double]
    let ints: [Int128]
    let beyond: Double

    init(_ format: FloatFormat) {
        self.format = format
        s0 = format.significandBits - format.emin   // the finest quantum is 2^(emin − m)
        var values = Set<Double>()
        for pattern in 0..<(format.patternCount ?? 0) {
            let v = format.decode(pattern)
            // Without subnormals the subnormal patterns are not values of the format.
            if !format.subnormals && v != 0 && v.magnitude < format.minNormal { continue }
            if v.isFinite { values.insert(v == 0 ? 0 : v) }
        }
        let top = format.maxFinite
        beyond = format.specials == .finiteAllOnesNaN
            ? top + Double(sign: .plus, exponent: format.emax - format.significandBits, significand: 1)
            : Double(sign: .plus, exponent: format.emax + 1, significand: 1)
        grid = ([-beyond] + values.sorted() + [beyond])
        let scale = s0
        ints = grid.map { Int128(Double(sign: .plus, exponent: scale, significand: $0)) }
    }

    func int(_ v: Double) -> Int128 { Int128(Double(sign: .plus, exponent: s0, significand: v)) }

    /// An exact result described by comparisons: `compare(g)` is the sign of X − g and
    /// `compareMidpoint(i)` the sign of X − (grid[i] + grid[i+1])/2; `fraction(i, r)` is
    /// ⌊(|X| − |near|)/gap · 2ʳ⌋ for X between grid[i] and grid[i+1].
    struct Exact {
        var compare: (Int) -> Int
        var compareMidpoint: (Int) -> Int
        var fraction: (Int, Int) -> Int128
        var isNegative: Bool
    }

    func rational(_ n: Int128, _ d: Int128) -> Exact {
        // X = n / (d · 2^s0), d > 0.
        Exact(
            compare: { i in sign(n - ints[i] * d) },
            compareMidpoint: { i in sign(2 * n - (ints[i] + ints[i + 1]) * d) },
            fraction: { i, r in
                let lo = ints[i], hi = ints[i + 1]
                if n >= 0 {
                    return ((n - lo * d) << r) / ((hi - lo) * d)
                } else {
                    return ((hi * d - n) << r) / ((hi - lo) * d)
                }
            },
            isNegative: n < 0)
    }

    func sum(_ a: Double, _ b: Double) -> Exact { rational(int(a) + int(b), 1) }
    func product(_ a: Double, _ b: Double) -> Exact { rational(int(a) * int(b), Int128(1) << s0) }
    func quotient(_ a: Double, _ b: Double) -> Exact {
        let ib = int(b)
        return rational((ib < 0 ? -int(a) : int(a)) << s0, ib < 0 ? -ib : ib)
    }
    func fma(_ a: Double, _ b: Double, _ c: Double) -> Exact {
        rational(int(a) * int(b) + (int(c) << s0), Int128(1) << s0)
    }
    /// √a for a > 0: X² = a, so X vs g ⇔ a vs g² (g ≥ 0).
    func root(_ a: Double) -> Exact {
        let a2 = int(a) << s0          // a · 2^(2·s0)
        return Exact(
            compare: { i in
                let g = ints[i]
                return g < 0 ? 1 : sign(a2 - g * g)
            },
            compareMidpoint: { i in
                let m2 = ints[i] + ints[i + 1]   // 2·midpoint
                return m2 < 0 ? 1 : sign(4 * a2 - m2 * m2)
            },
            fraction: { i, r in
                // Largest t with lo + t·gap/2ʳ ≤ √a.
                let lo = ints[i], gap = ints[i + 1] - ints[i]
                var low: Int128 = 0, high: Int128 = (1 << r) - 1
                while low < high {
                    let mid = (low + high + 1) / 2
                    let x = (lo << r) + mid * gap
                    if x * x <= a2 << (2 * r) { low = mid } else { high = mid - 1 }
                }
                return low
            },
            isNegative: false)
    }

    func sign(_ x: Int128) -> Int { x > 0 ? 1 : (x < 0 ? -1 : 0) }

    /// Index i with grid[i] ≤ X < grid[i+1] (X within ±beyond), or nil outside.
    func bracket(_ x: Exact) -> Int? {
        // At or beyond the first values past ±max: overflow whatever the mode.
        if x.compare(0) <= 0 || x.compare(grid.count - 1) >= 0 { return nil }
        var lo = 0, hi = grid.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if x.compare(mid) >= 0 { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// Whether a grid value has an odd integral significand.
    func isOdd(_ v: Double) -> Bool {
        if v == 0 { return false }
        // Without subnormals the gap (0, 2^emin) has quantum 2^emin, so ±2^emin is
        // odd next to zero (the kernel's documented convention: results round onto
        // {0, ±2^emin, normals}).
        if !format.subnormals && v.magnitude == format.minNormal && pairedWithZero { return true }
        let m = v.magnitude
        let e = max(Int(m.exponent), format.emin)
        let q = (format.subnormals || m >= format.minNormal) ? e - format.significandBits : format.emin
        let k = Double(sign: .plus, exponent: -q, significand: m)
        return k.truncatingRemainder(dividingBy: 2) == 1
    }

    /// The reference result of rounding X in a deterministic mode.
    /// Set while judging parity in the interval next to zero.
    var pairedWithZero = false

    func rounded(_ x: Exact, _ mode: RoundingMode) -> Double {
        var oracle = self
        if let i = bracket(x), grid[i] == 0 || grid[i + 1] == 0 { oracle.pairedWithZero = true }
        return oracle.roundedInBracket(x, mode)
    }

    func roundedInBracket(_ x: Exact, _ mode: RoundingMode) -> Double {
        guard let i = bracket(x) else { return overflow(x.isNegative, mode) }
        if x.compare(i) == 0 {
            // IEEE 754 §6.3: an exact zero sum of nonzero terms is +0, or −0 when
            // rounding toward −∞.
            if grid[i] == 0 { return mode == .towardNegative && format.hasNegativeZero ? -0.0 : 0.0 }
            return finish(grid[i], x.isNegative, mode)
        }
        let lo = grid[i], hi = grid[i + 1]
        let towardZero = x.isNegative ? hi : lo, away = x.isNegative ? lo : hi
        let r: Double
        switch mode {
        case .nearestEven, .nearestAway:
            let c = x.compareMidpoint(i)
            if c < 0 { r = lo } else if c > 0 { r = hi } else if mode == .nearestAway { r = away } else {
                r = isOdd(lo) ? hi : lo
            }
        case .towardZero: r = towardZero
        case .towardPositive: r = hi
        case .towardNegative: r = lo
        case .toOdd: r = isOdd(lo) ? lo : hi
        default: fatalError("deterministic modes only")
        }
        return finish(r, x.isNegative, mode)
    }

    /// The two possible stochastic results and the threshold T = ⌊f·2ʳ⌋ of rounding
    /// away from zero (a word u rounds away iff u < T); nil when X is exact or beyond.
    func stochastic(_ x: Exact, randomBits r: Int) -> (towardZero: Double, away: Double, threshold: Int128)? {
        guard let i = bracket(x), x.compare(i) != 0 else { return nil }
        let lo = grid[i], hi = grid[i + 1]
        let mode = RoundingMode.stochastic(randomBits: r)
        return (finish(x.isNegative ? hi : lo, x.isNegative, mode),
                finish(x.isNegative ? lo : hi, x.isNegative, mode),
                x.fraction(i, r))
    }

    func finish(_ r: Double, _ negative: Bool, _ mode: RoundingMode) -> Double {
        if r.magnitude > format.maxFinite { return overflow(negative, mode) }
        if r == 0 { return negative && format.hasNegativeZero ? -0.0 : 0.0 }
        return r
    }

    func overflow(_ negative: Bool, _ mode: RoundingMode) -> Double {
        let max = negative ? -format.maxFinite : format.maxFinite
        let inf = negative ? -Double.infinity : .infinity
        switch format.overflow {
        case .nan: return .nan
        case .saturate: return max
        case .infinity:
            switch mode {
            case .towardZero, .toOdd: return max
            case .towardPositive: return negative ? max : inf
            case .towardNegative: return negative ? inf : max
            default: return inf
            }
        }
    }
}

/// A generator that always returns the same word.
struct ConstantGenerator: RandomNumberGenerator {
    var word: UInt64
    mutating func next() -> UInt64 { word }
}

/// A small deterministic generator for choosing test operands.
struct TestRandom {
    var state: SplitMix64
    init(_ seed: UInt64) { state = SplitMix64(seed: seed) }
    mutating func index(_ n: Int) -> Int { Int(state.next() % UInt64(n)) }
}

/// Bitwise identity of two results (NaN matches NaN; the sign of zero counts).
func sameResult(_ a: Double, _ b: Double) -> Bool {
    (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
}
