import XCTest
@testable import Chop

/// RoundedArithmetic against an independent reference (``SmallFormatOracle``:
/// enumeration of the format's values and exact integer comparisons) in every
/// deterministic mode, and the stochastic modes' thresholds checked exactly with a
/// constant random word on either side of ⌊f·2ʳ⌋.
final class RoundedArithmeticTests: XCTestCase {
    static let formats: [FloatFormat] = [
        .e5m2, .e4m3fn, .e4m3, .e4m3fnuz, .e5m2fnuz, .e4m3b11fnuz, .e3m4, .e3m2fn, .e2m3fn, .e2m1fn,
        .binary16, FloatFormat.e4m3fn.withoutSubnormals(), FloatFormat.e5m2.saturating(),
        FloatFormat.binary16.withoutSubnormals(),
    ]

    enum Op: CaseIterable { case add, subtract, multiply, divide, sqrt, fma }

    func finiteValues(_ oracle: SmallFormatOracle) -> [Double] {
        Array(oracle.grid.dropFirst().dropLast()) + [-0.0]
    }

    func check(
        _ oracle: SmallFormatOracle, _ op: Op, _ a: Double, _ b: Double, _ c: Double,
        file: StaticString = #filePath, line: UInt = #line
    ) -> Int {
        let f = oracle.format
        let exact: SmallFormatOracle.Exact
        switch op {
        case .add: exact = oracle.sum(a, b)
        case .subtract: exact = oracle.sum(a, -b)
        case .multiply: exact = oracle.product(a, b)
        case .divide: exact = oracle.quotient(a, b)
        case .sqrt: exact = oracle.root(a)
        case .fma: exact = oracle.fma(a, b, c)
        }
        func run(_ mode: RoundingMode, _ g: inout some RandomNumberGenerator) -> Double {
            switch op {
            case .add: return RoundedArithmetic.add(a, b, format: f, mode: mode, using: &g)
            case .subtract: return RoundedArithmetic.subtract(a, b, format: f, mode: mode, using: &g)
            case .multiply: return RoundedArithmetic.multiply(a, b, format: f, mode: mode, using: &g)
            case .divide: return RoundedArithmetic.divide(a, b, format: f, mode: mode, using: &g)
            case .sqrt: return RoundedArithmetic.squareRoot(a, format: f, mode: mode, using: &g)
            case .fma: return RoundedArithmetic.fusedMultiplyAdd(a, b, c, format: f, mode: mode, using: &g)
            }
        }
        var failures = 0
        var g = ConstantGenerator(word: 0)
        for mode in RoundingMode.deterministic {
            let expected = oracle.rounded(exact, mode)
            let got = run(mode, &g)
            if !sameResult(expected, got) {
                failures += 1
                if failures <= 3 {
                    XCTFail("\(f.name) \(op) \(a) \(b) \(c) \(mode): expected \(expected), got \(got)", file: file, line: line)
                }
            }
        }
        // Stochastic with r random bits: u = word >> (64 − r) rounds away iff u < T.
        let r = 20
        if let (towardZero, away, threshold) = oracle.stochastic(exact, randomBits: r) {
            let mode = RoundingMode.stochastic(randomBits: r)
            if threshold > 0 {
                var below = ConstantGenerator(word: UInt64(threshold - 1) << UInt64(64 - r))
                let got = run(mode, &below)
                if !sameResult(got, away) {
                    failures += 1
                    XCTFail("\(f.name) \(op) \(a) \(b) \(c) SR u=T−1 (T=\(threshold)): expected \(away), got \(got)", file: file, line: line)
                }
            }
            if threshold < (1 << r) {
                var at = ConstantGenerator(word: UInt64(threshold) << UInt64(64 - r))
                let got = run(mode, &at)
                if !sameResult(got, towardZero) {
                    failures += 1
                    XCTFail("\(f.name) \(op) \(a) \(b) \(c) SR u=T (T=\(threshold)): expected \(towardZero), got \(got)", file: file, line: line)
                }
            }
        }
        return failures
    }

    /// Exhaustive for FP4/FP6, sampled pairs for FP8 and binary16.
    func testBinaryOperationsMatchOracle() {
        var random = TestRandom(1)
        for format in Self.formats {
            let oracle = SmallFormatOracle(format)
            let values = finiteValues(oracle)
            let exhaustive = values.count <= 70
            var failures = 0
            for op in [Op.add, .subtract, .multiply, .divide] {
                let pairs = exhaustive ? values.count * values.count : 1500
                for k in 0..<pairs {
                    let a = exhaustive ? values[k / values.count] : values[random.index(values.count)]
                    let b = exhaustive ? values[k % values.count] : values[random.index(values.count)]
                    if op == .divide && b == 0 { continue }
                    if a == 0 || b == 0 { continue }  // signed zeros: testExactZeroSigns
                    failures += check(oracle, op, a, b, 0)
                    if failures > 10 { return }
                }
            }
        }
    }

    func testSquareRootMatchesOracle() {
        for format in Self.formats {
            let oracle = SmallFormatOracle(format)
            let positive = finiteValues(oracle).filter { $0 > 0 }
            let stride = max(1, positive.count / 2000)
            for k in Swift.stride(from: 0, to: positive.count, by: stride) {
                if check(oracle, .sqrt, positive[k], 0, 0) > 3 { return }
            }
        }
    }

    func testFusedMultiplyAddMatchesOracle() {
        var random = TestRandom(2)
        for format in Self.formats {
            let oracle = SmallFormatOracle(format)
            let values = finiteValues(oracle)
            var failures = 0
            for _ in 0..<800 {
                let a = values[random.index(values.count)]
                let b = values[random.index(values.count)]
                // Make cancellation common: c near −a·b half of the time.
                var c = values[random.index(values.count)]
                if random.index(2) == 0 {
                    let target = -(a * b)
                    let grid = oracle.grid
                    var lo = 0, hi = grid.count - 1
                    while hi - lo > 1 { let mid = (lo + hi) / 2; if grid[mid] <= target { lo = mid } else { hi = mid } }
                    c = grid[lo] == -oracle.beyond ? grid[lo + 1] : grid[lo]
                }
                if a == 0 || b == 0 || c == 0 { continue }
                failures += check(oracle, .fma, a, b, c)
                if failures > 10 { return }
            }
        }
    }

    /// IEEE 754 signs of exact zeros (6.3): x + (−x) is +0 except toward −∞.
    func testExactZeroSigns() {
        var g = ConstantGenerator(word: 0)
        let f = FloatFormat.bfloat16
        for mode in RoundingMode.all {
            let expectNegative = mode == .towardNegative
            let s = RoundedArithmetic.add(1.5, -1.5, format: f, mode: mode, using: &g)
            XCTAssertEqual(s, 0)
            XCTAssertEqual(s.sign == .minus, expectNegative, "\(mode)")
            let z = RoundedArithmetic.add(-0.0, -0.0, format: f, mode: mode, using: &g)
            XCTAssertEqual(z.sign, .minus)
            let m = RoundedArithmetic.add(0.0, -0.0, format: f, mode: mode, using: &g)
            XCTAssertEqual(m.sign == .minus, expectNegative)
            let fz = RoundedArithmetic.fusedMultiplyAdd(2, 3, -6, format: f, mode: mode, using: &g)
            XCTAssertEqual(fz.sign == .minus, expectNegative)
            XCTAssertEqual(RoundedArithmetic.squareRoot(-0.0, format: f, mode: mode, using: &g).sign, .minus)
        }
        // FNUZ has no −0.
        let r = RoundedArithmetic.add(1, -1, format: .e4m3fnuz, mode: .towardNegative, using: &g)
        XCTAssertEqual(r.bitPattern, (0.0).bitPattern)
    }

    func testInvalidOperationsGiveNaN() {
        var g = ConstantGenerator(word: 0)
        let f = FloatFormat.binary16
        XCTAssertTrue(RoundedArithmetic.add(.infinity, -.infinity, format: f, mode: .nearestEven, using: &g).isNaN)
        XCTAssertTrue(RoundedArithmetic.multiply(0, .infinity, format: f, mode: .nearestEven, using: &g).isNaN)
        XCTAssertTrue(RoundedArithmetic.divide(0, 0, format: f, mode: .nearestEven, using: &g).isNaN)
        XCTAssertTrue(RoundedArithmetic.squareRoot(-1, format: f, mode: .nearestEven, using: &g).isNaN)
        XCTAssertEqual(RoundedArithmetic.divide(1, -0.0, format: f, mode: .nearestEven, using: &g), -.infinity)
        // E4M3FN has no ∞: 1/0 is NaN; FP4 saturates: 1/0 is 6.
        XCTAssertTrue(RoundedArithmetic.divide(1, 0, format: .e4m3fn, mode: .nearestEven, using: &g).isNaN)
        XCTAssertEqual(RoundedArithmetic.divide(1, 0, format: .e2m1fn, mode: .nearestEven, using: &g), 6)
    }

    /// binary64 results beyond binary64's own range, derived by hand.
    func testBinary64ExtremeRanges() {
        var g = ConstantGenerator(word: 0)
        let f = FloatFormat.binary64
        let tiny = Double.leastNonzeroMagnitude  // 2^−1074
        // 1.5·2^−537 × 2^−537 = 1.5·2^−1074: a tie between 2^−1074 (odd) and 2^−1073.
        let a = 0x1.8p-537, b = 0x1p-537
        XCTAssertEqual(RoundedArithmetic.multiply(a, b, format: f, mode: .nearestEven, using: &g), 2 * tiny)
        XCTAssertEqual(RoundedArithmetic.multiply(a, b, format: f, mode: .nearestAway, using: &g), 2 * tiny)
        XCTAssertEqual(RoundedArithmetic.multiply(a, b, format: f, mode: .towardZero, using: &g), tiny)
        XCTAssertEqual(RoundedArithmetic.multiply(a, b, format: f, mode: .toOdd, using: &g), tiny)
        // (1 + 2^−52)·2^−600 × 2^−500: far below 2^−1074, inexact.
        let c = (1 + 0x1p-52) * 0x1p-600, d = 0x1p-500
        XCTAssertEqual(RoundedArithmetic.multiply(c, d, format: f, mode: .nearestEven, using: &g), 0)
        XCTAssertEqual(RoundedArithmetic.multiply(c, d, format: f, mode: .towardPositive, using: &g), tiny)
        XCTAssertEqual(RoundedArithmetic.multiply(-c, d, format: f, mode: .towardNegative, using: &g), -tiny)
        XCTAssertEqual(RoundedArithmetic.multiply(-c, d, format: f, mode: .towardZero, using: &g).sign, .minus)
        // 2^−1074 × (1 + 2^−52): just above a format value; toward +∞ moves up one step.
        XCTAssertEqual(RoundedArithmetic.multiply(tiny, 1 + 0x1p-52, format: f, mode: .towardPositive, using: &g), 2 * tiny)
        XCTAssertEqual(RoundedArithmetic.multiply(tiny, 1 + 0x1p-52, format: f, mode: .nearestEven, using: &g), tiny)
        // Overflow: max + max is +∞ (nearest), max (toward zero).
        let m = Double.greatestFiniteMagnitude
        XCTAssertEqual(RoundedArithmetic.add(m, m, format: f, mode: .nearestEven, using: &g), .infinity)
        XCTAssertEqual(RoundedArithmetic.add(m, m, format: f, mode: .towardZero, using: &g), m)
        XCTAssertEqual(RoundedArithmetic.multiply(m, 2, format: f, mode: .towardNegative, using: &g), m)
        XCTAssertEqual(RoundedArithmetic.multiply(-m, 2, format: f, mode: .towardNegative, using: &g), -.infinity)
        // max + ulp(max)/2 is exactly the overflow threshold: a tie that rounds to the
        // even 2^1024, i.e. ∞, under nearest-even, and to max under toward zero.
        let halfUlp = 0x1p970
        XCTAssertEqual(RoundedArithmetic.add(m, halfUlp, format: f, mode: .nearestEven, using: &g), .infinity)
        XCTAssertEqual(RoundedArithmetic.add(m, halfUlp, format: f, mode: .towardZero, using: &g), m)
        // Division far out of range: 2^1000 / 2^−100 = 2^1100 overflows; 2^−1000 / 2^100 underflows.
        XCTAssertEqual(RoundedArithmetic.divide(0x1p1000, 0x1p-100, format: f, mode: .towardZero, using: &g), m)
        XCTAssertEqual(RoundedArithmetic.divide(0x1p-1000, 0x1p100, format: f, mode: .towardPositive, using: &g), tiny)
        XCTAssertEqual(RoundedArithmetic.divide(0x1p-1000, 0x1p100, format: f, mode: .nearestEven, using: &g), 0)
        // 1 / 3 in binary64 toward ±∞ brackets the exact quotient.
        let down = RoundedArithmetic.divide(1, 3, format: f, mode: .towardNegative, using: &g)
        let up = RoundedArithmetic.divide(1, 3, format: f, mode: .towardPositive, using: &g)
        XCTAssertEqual(up, down.nextUp)
        XCTAssertLessThan((-1.0).addingProduct(3, down), 0)
        XCTAssertGreaterThan((-1.0).addingProduct(3, up), 0)
        // √2 toward ±∞ brackets √2: down² < 2 < up².
        let r0 = RoundedArithmetic.squareRoot(2, format: f, mode: .towardNegative, using: &g)
        let r1 = RoundedArithmetic.squareRoot(2, format: f, mode: .towardPositive, using: &g)
        XCTAssertEqual(r1, r0.nextUp)
        XCTAssertLessThan((-2.0).addingProduct(r0, r0), 0)
        XCTAssertGreaterThan((-2.0).addingProduct(r1, r1), 0)
        // fma with a huge and a tiny addend: 2^500·2^500 + 2^−1074 is just above 2^1000.
        XCTAssertEqual(RoundedArithmetic.fusedMultiplyAdd(0x1p500, 0x1p500, tiny, format: f, mode: .towardPositive, using: &g), (0x1p1000).nextUp)
        XCTAssertEqual(RoundedArithmetic.fusedMultiplyAdd(0x1p500, 0x1p500, -tiny, format: f, mode: .towardZero, using: &g), (0x1p1000).nextDown)
        XCTAssertEqual(RoundedArithmetic.fusedMultiplyAdd(0x1p500, 0x1p500, -tiny, format: f, mode: .nearestEven, using: &g), 0x1p1000)
        // fma whose product underflows but whose sum does not: 1 + 2^−600·2^−600 toward +∞.
        XCTAssertEqual(RoundedArithmetic.fusedMultiplyAdd(0x1p-600, 0x1p-600, 1, format: f, mode: .towardPositive, using: &g), (1.0).nextUp)
        XCTAssertEqual(RoundedArithmetic.fusedMultiplyAdd(-0x1p-600, 0x1p-600, 1, format: f, mode: .towardPositive, using: &g), 1)
        XCTAssertEqual(RoundedArithmetic.fusedMultiplyAdd(-0x1p-600, 0x1p-600, 1, format: f, mode: .towardZero, using: &g), (1.0).nextDown)
    }

    /// A custom format with binary64's exponent range and 11 bits of precision: the
    /// same subnormal tie as above, one level up (quantum 2^−1032).
    func testWideRangeCustomFormat() throws {
        var g = ConstantGenerator(word: 0)
        let f = try FloatFormat(exponentBits: 11, significandBits: 10)
        let q = 0x1p-1032
        // 1.5·q exactly: tie between q and 2q → 2q (even).
        XCTAssertEqual(RoundedArithmetic.multiply(0x1.8p-516, 0x1p-516, format: f, mode: .nearestEven, using: &g), 2 * q)
        XCTAssertEqual(RoundedArithmetic.multiply(0x1.8p-516, 0x1p-516, format: f, mode: .towardZero, using: &g), q)
        // Overflow of the format at 2^1024 with 11 bits.
        XCTAssertEqual(RoundedArithmetic.multiply(0x1p600, 0x1p600, format: f, mode: .towardZero, using: &g), f.maxFinite)
        XCTAssertEqual(RoundedArithmetic.multiply(0x1p600, 0x1p600, format: f, mode: .nearestEven, using: &g), .infinity)
    }
}

final class RoundedArithmeticRangeTests: XCTestCase {
    /// Regressions found by `chop verify --ops` (expected values from GNU MPFR).
    func testBinary64TieResolvedByTheResidual() {
        var g = ConstantGenerator(word: 0)
        let f = FloatFormat.binary64
        // TwoSum near the top of the range: s − a overflowed (found by `chop verify --ops`).
        let a = -0x1.22ec78619f7f7p+1022, b = 0x1.fffffffffffffp+1023
        XCTAssertEqual(RoundedArithmetic.add(a, b, format: f, mode: .nearestEven, using: &g), 0x1.6e89c3cf30404p+1023)
        XCTAssertEqual(RoundedArithmetic.add(a, b, format: f, mode: .towardZero, using: &g), 0x1.6e89c3cf30403p+1023)
        XCTAssertEqual(RoundedArithmetic.add(a, b, format: f, mode: .towardPositive, using: &g), 0x1.6e89c3cf30404p+1023)
        var sr = Xoshiro256StarStar(seed: 1)
        let s = RoundedArithmetic.add(a, b, format: f, mode: .stochastic(), using: &sr)
        XCTAssertTrue(s == 0x1.6e89c3cf30403p+1023 || s == 0x1.6e89c3cf30404p+1023)
        // A huge operand and the least subnormal: only its sign matters.
        XCTAssertEqual(RoundedArithmetic.add(0x1p1023, -0x1p-1074, format: f, mode: .towardZero, using: &g), (0x1p1023).nextDown)
        XCTAssertEqual(RoundedArithmetic.add(0x1p1023, 0x1p-1074, format: f, mode: .towardPositive, using: &g), (0x1p1023).nextUp)
        // √max: RN(√m) sits exactly half an ulp below 2 after one fold; the residual
        // says the true root is below the midpoint.
        XCTAssertEqual(RoundedArithmetic.squareRoot(.greatestFiniteMagnitude, format: f, mode: .nearestEven, using: &g),
                       0x1.fffffffffffffp+511)
        // The product is exactly a midpoint; c = −2 decides.
        XCTAssertEqual(RoundedArithmetic.fusedMultiplyAdd(0x1.a4ba93d2c97ccp+428, -0x1.cp+21, -2, format: f, mode: .nearestEven, using: &g),
                       -0x1.70234158704d3p+450)
        // Products far below c: only their sign matters (both halves of the product
        // were once clamped separately and cancelled).
        XCTAssertEqual(RoundedArithmetic.fusedMultiplyAdd(-0x1.b39913be49a26p-473, -0x1.9cc558c24b775p-923, -0x1.1b872e818c5b9p-266,
                                                          format: f, mode: .towardZero, using: &g), -0x1.1b872e818c5b8p-266)
        XCTAssertEqual(RoundedArithmetic.fusedMultiplyAdd(0x1.73a8965fe98dfp-313, 0x1.150420e824859p-858, 0x1.f7fd435cp-175,
                                                          format: f, mode: .towardPositive, using: &g), 0x1.f7fd435c00001p-175)
        XCTAssertEqual(RoundedArithmetic.fusedMultiplyAdd(0x1.07ef64e9a968dp-286, -0x1.8p-509, 0x1.070f98cb496d2p+381,
                                                          format: f, mode: .towardNegative, using: &g), 0x1.070f98cb496d1p+381)
    }

    /// Scaling by huge powers of two through the typed API (exact rounding of
    /// significand·2^exponent far outside binary64's range).
    func testHugeScalings() {
        typealias Z = Rounding.TowardZero
        typealias P = Rounding.TowardPositive
        XCTAssertEqual(BFloat16.Rounded<Z>(sign: .plus, exponent: 1 << 30, significand: 1).doubleValue, 0x1.fep127)
        XCTAssertEqual(Binary64.Rounded<Z>(sign: .minus, exponent: 5000, significand: 1).doubleValue, -.greatestFiniteMagnitude)
        XCTAssertEqual(Binary64.Rounded<Z>(sign: .plus, exponent: -5000, significand: 1).doubleValue, 0)
        XCTAssertEqual(Binary64.Rounded<P>(sign: .plus, exponent: -5000, significand: 1).doubleValue, .leastNonzeroMagnitude)
        XCTAssertEqual(BFloat16.Rounded<P>(sign: .plus, exponent: 1 << 30, significand: 1).doubleValue, .infinity)
        XCTAssertEqual(Binary64(sign: .plus, exponent: -1075, significand: 1.5).doubleValue, .leastNonzeroMagnitude)  // 0.75·2^−1074 → 2^−1074
        XCTAssertEqual(Binary64(sign: .plus, exponent: -1075, significand: 1).doubleValue, 0)                        // tie → even (0)
        XCTAssertEqual(Half(sign: .plus, exponent: -25, significand: 1.5).doubleValue, 0x1p-24)
    }
}

final class RoundedArithmeticTinyTailTests: XCTestCase {
    /// A product exactly on a midpoint of a 10-bit format with binary64's range, and
    /// an addend 2¹⁴⁶⁹ times smaller that decides the tie (value from GNU MPFR via
    /// `chop verify --ops`).
    func testTinyTailDecidesATie() throws {
        var g = ConstantGenerator(word: 0)
        let f = try FloatFormat(exponentBits: 11, significandBits: 9)
        XCTAssertEqual(RoundedArithmetic.fusedMultiplyAdd(-0x1.39p+982, 0x1.4p-493, -0x1.95p-980, format: f, mode: .nearestEven, using: &g),
                       -0x1.878p+489)
        XCTAssertEqual(RoundedArithmetic.fusedMultiplyAdd(-0x1.ep-232, -0x1.34p+623, -0x1p-1022, format: f, mode: .nearestAway, using: &g),
                       0x1.208p+392)
        // The same through add: a binary64 midpoint of the format plus a tiny addend.
        XCTAssertEqual(RoundedArithmetic.add(0x1.874p+489, 0x1p-1000, format: f, mode: .nearestEven, using: &g), 0x1.878p+489)
        XCTAssertEqual(RoundedArithmetic.add(0x1.874p+489, -0x1p-1000, format: f, mode: .nearestEven, using: &g), 0x1.870p+489)
    }
}
