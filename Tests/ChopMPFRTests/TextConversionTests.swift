import BigInt
import CMPFR
import Chop
@testable import ChopMPFR
import XCTest

/// Correctly rounded conversion from text (`NumberLiteral`, `round(parsing:…)`)
/// against MPFR's `mpfr_strtofr`, which reads a decimal or hex literal of any length
/// and rounds it once in the requested direction, passed through the same
/// format-range handling as every other reference (`MPFRReference.evaluateAll`).
final class TextConversionTests: XCTestCase {
    let reference = MPFRReference()

    static let formats: [FloatFormat] = FloatFormat.builtIns + [
        FloatFormat.binary16.withoutSubnormals(), FloatFormat.bfloat16.saturating(),
        FloatFormat.binary64.saturating(),
        try! FloatFormat(name: "e5m3-bias-500", exponentBits: 5, significandBits: 3, bias: -500),
    ]

    func references(_ text: String, _ format: FloatFormat) -> DeterministicResults {
        reference.evaluateAll(format: format) { y, rnd in mpfr_strtofr(y, text, nil, 0, rnd) }
    }

    func ours(_ text: String, _ format: FloatFormat, _ mode: RoundingMode) throws -> Double {
        var g = Xoshiro256StarStar(seed: 1)
        return try Chop.round(parsing: text, to: format, mode: mode, using: &g)
    }

    func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    func check(_ text: String, _ format: FloatFormat, file: StaticString = #filePath, line: UInt = #line) throws {
        let want = references(text, format)
        for mode in RoundingMode.deterministic {
            let got = try ours(text, format, mode)
            if !same(got, want[mode]) {
                XCTFail("\(text) → \(format.name) \(mode.name): got \(got), MPFR \(want[mode])", file: file, line: line)
                return
            }
        }
    }

    /// The defects of issue 12, with their independent answers.
    func testIssueExamples() throws {
        XCTAssertEqual(try ours("0x1.fffffffffffff8p0", .binary64, .towardZero), 0x1.fffffffffffffp+0)
        XCTAssertEqual(try ours("0x1.ffffffffffffffffffffp0", .bfloat16, .towardZero), 0x1.fep0)
        XCTAssertEqual(try ours("0x1p-1080", .binary64, .towardPositive), Double.leastNonzeroMagnitude)
        XCTAssertEqual(try ours("0.1", .binary64, .towardZero), 0.1.nextDown)   // 0.1 (nearest) is above 1/10
        XCTAssertEqual(try ours("1e400", .binary64, .towardZero), Double.greatestFiniteMagnitude)
        XCTAssertEqual(try ours("1e400", .binary64, .nearestEven), .infinity)
        XCTAssertEqual(try ours("-0.1", .bfloat16, .towardPositive), -0.099609375)
        XCTAssertEqual(try ours("1e-99999", .binary64, .towardPositive), Double.leastNonzeroMagnitude)
        XCTAssertEqual(try ours("-1e-99999", .binary64, .towardPositive).bitPattern, (-0.0).bitPattern)
        for text in ["0x1.fffffffffffff8p0", "0x1.ffffffffffffffffffffp0", "0x1p-1080", "0.1", "1e400", "-0.1",
                     "1e-99999", "-1e-99999", "65520", "65519.999999999999999999999999", "464", "472", "1e-40"] {
            for format in Self.formats { try check(text, format) }
        }
    }

    /// Syntax and limits: each rejection quotes the text.
    func testRejections() {
        for bad in ["", "-", ".", "1e", "1e+", "0x", "0x.p1", "1.2.3", "2 3", " 1", "1 ", "1\u{0}2", "nanx", "in",
                    "0x1p", "1f", "++1", "e5", "0b101", "1_000", "١", "snan", "0x1.8q"] {
            XCTAssertThrowsError(try NumberLiteral(bad), "'\(bad)'") { error in
                guard let e = error as? NumberTextError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.reason, .malformed, bad)
            }
        }
        XCTAssertThrowsError(try NumberLiteral("1e1000001")) { error in
            XCTAssertEqual((error as? NumberTextError)?.reason, .exponentOutOfRange)
            XCTAssertTrue("\(error)".contains("'1e1000001'"), "\(error)")
        }
        XCTAssertNoThrow(try NumberLiteral("1e-1000000"))
        XCTAssertThrowsError(try NumberLiteral(String(repeating: "7", count: 100_001))) { error in
            XCTAssertEqual((error as? NumberTextError)?.reason, .tooManyDigits)
        }
        // Zeros do not count as significant digits.
        XCTAssertNoThrow(try NumberLiteral("0." + String(repeating: "0", count: 200_000) + "1"))
        XCTAssertThrowsError(try NumberLiteral(String(repeating: "0", count: 1_000_001)))
        for good in ["1", "+1", "-1.", ".5", "1e5", "1E+05", "0x1p-3", "0X1.8P3", "0x.8", "-0x1", "NaN", "-inf",
                     "Infinity", "0e999999", "00000.000"] {
            XCTAssertNoThrow(try NumberLiteral(good), good)
        }
    }

    /// Random decimal and hex literals of 1 to 60 digits (and a few hundred-digit
    /// ones), scaled across each format's range and beyond, in every deterministic mode.
    func testRandomLiteralsAgainstMPFR() throws {
        var g = Xoshiro256StarStar(seed: 2026)
        func digit(_ base: UInt64) -> Character {
            Character(String(g.next() % base, radix: Int(base)))
        }
        var count = 0
        for format in Self.formats {
            let low = format.subnormals ? format.emin - format.significandBits : format.emin
            let high = format.emax + 1
            for _ in 0..<300 {
                let hex = g.next() % 3 == 0
                let digits = g.next() % 8 == 0 ? Int(g.next() % 300) + 1 : Int(g.next() % 60) + 1
                var body = ""
                for _ in 0..<digits { body.append(digit(hex ? 16 : 10)) }
                let point = Int(g.next() % UInt64(digits + 1))
                body.insert(".", at: body.index(body.startIndex, offsetBy: point))
                // Binary magnitude in [low − 8, high + 8].
                let target = Int(g.next() % UInt64(high - low + 17)) + low - 8
                let sign = g.next() % 2 == 0 ? "" : "-"
                let text: String
                if hex {
                    text = "\(sign)0x\(body)p\(target - 4 * point)"
                } else {
                    let decimalExponent = Int((Double(target) * 0.30103).rounded()) - point
                    text = "\(sign)\(body)e\(decimalExponent)"
                }
                try check(text, format)
                count += 1
            }
        }
        XCTAssertEqual(count, 300 * Self.formats.count)
    }

    /// Exact midpoints of adjacent values, and values one unit in the 40th digit
    /// beyond them on each side, written in decimal: ties and their neighbours.
    func testMidpointsAndNeighbours() throws {
        var g = Xoshiro256StarStar(seed: 77)
        for format in Self.formats where format.significandBits < 52 {
            for _ in 0..<60 {
                // A random value of the format (positive, finite), then the midpoint
                // above it: (2k + 1)·2^(q − 1).
                let m = format.significandBits
                let low = format.subnormals ? format.emin - m : format.emin
                let e = Int(g.next() % UInt64(format.emax - format.emin + 1)) + format.emin
                let q = max(e - m, low)
                let k = BigUInt(g.next() % (UInt64(1) << UInt64(m + 1)))
                let odd = 2 * k + 1
                let scale = q - 1
                var digits: String
                var decimalExponent: Int
                if scale >= 0 {
                    digits = String(odd << scale); decimalExponent = 0
                } else {
                    digits = String(odd * BigUInt(5).power(-scale)); decimalExponent = scale
                }
                let exact = "\(digits)e\(decimalExponent)"
                try check(exact, format)
                try check("-" + exact, format)
                // One unit in the 40th significant digit further out: never a tie.
                let padding = max(0, 40 - digits.count)
                try check("\(digits)\(String(repeating: "0", count: padding))1e\(decimalExponent - padding - 1)", format)
                if digits.count > 1 || digits != "1" {
                    // Just below: digits − 1 followed by nines.
                    let below = String(BigUInt(digits)! - 1)
                    try check("\(below)\(String(repeating: "9", count: 40))e\(decimalExponent - 40)", format)
                }
            }
        }
    }

    /// Proportional stochastic rounding with r random bits: the result is the MPFR
    /// neighbour that a replayed random word selects (up exactly when the word's top
    /// r bits are below ⌊f·2ʳ⌋, which MPFR gives as the probability).
    func testStochasticBitsAgainstMPFRProbability() throws {
        var g = Xoshiro256StarStar(seed: 5)
        for format in [FloatFormat.bfloat16, .binary16, .e4m3fn, .binary32] {
            for _ in 0..<200 {
                var body = "0."
                for _ in 0..<(Int(g.next() % 30) + 1) { body.append(Character(String(g.next() % 10))) }
                let text = "\(g.next() % 2 == 0 ? "" : "-")\(body)1e\(Int(g.next() % 9) - 4)"
                for r in [1, 5, 13] {
                    let mode = RoundingMode.stochastic(randomBits: r)
                    let s = reference.evaluateStochastic(format: format, mode: mode) { y, rnd in
                        mpfr_strtofr(y, text, nil, 0, rnd)
                    }
                    let threshold = UInt64((s.probabilityAway * Double(1 << r)).rounded())
                    for u in [threshold &- 1, threshold] where u < (1 << r) {
                        var replay = Replay(words: [u << UInt64(64 - r)])
                        let got = try Chop.round(parsing: text, to: format, mode: mode, using: &replay)
                        let want = u < threshold ? s.awayFromZero : s.towardZero
                        XCTAssertTrue(same(got, want), "\(text) \(format.name) \(mode.name) u=\(u): \(got) vs \(want)")
                        XCTAssertEqual(replay.index, s.isExact ? 0 : 1, "\(text) \(format.name) \(mode.name) u=\(u) → \(got)")
                    }
                }
            }
        }
    }

    /// Exact stochastic rounding reads as many random words as the fraction needs:
    /// f = 2⁻¹⁵⁰ + 2⁻²⁰⁰ of a bfloat16 quantum, random words equal to f's leading words
    /// then one word just below or above f's third word.
    func testStochasticExactDeepFraction() throws {
        // 1 + 2⁻⁷·(2⁻¹⁵⁰ + 2⁻²⁰⁰) in bfloat16 (quantum 2⁻⁷): as a hex literal.
        let fractionBits = 7 + 200
        var bits = [Character](repeating: "0", count: fractionBits)
        bits[7 + 150 - 1] = "1"; bits[7 + 200 - 1] = "1"
        let padded = String(bits) + String(repeating: "0", count: (4 - fractionBits % 4) % 4)
        var hexDigits = ""
        var index = padded.startIndex
        while index < padded.endIndex {
            let next = padded.index(index, offsetBy: 4)
            hexDigits += String(UInt8(padded[index..<next], radix: 2)!, radix: 16)
            index = next
        }
        let text = "0x1.\(hexDigits)p0"
        // f's words: w0 = 0, w1 = 0, w2 = 2^(64·3 − 150) = bit 42 set, w3 has bit 2⁻²⁰⁰ → word 3 bit 56.
        let w2: UInt64 = 1 << 42
        func run(_ words: [UInt64]) throws -> (Double, Int) {
            var replay = Replay(words: words)
            let r = try Chop.round(parsing: text, to: .bfloat16, mode: .stochastic(), using: &replay)
            return (r, replay.index)
        }
        XCTAssertEqual(try run([0, 0, w2 - 1]).0, 1 + 0x1p-7)          // u < f
        XCTAssertEqual(try run([0, 0, w2 + 1]).0, 1)                    // u > f
        XCTAssertEqual(try run([0, 1]).0, 1)
        XCTAssertEqual(try run([0, 0, w2, 1 << 55]).0, 1 + 0x1p-7)     // decided in the 4th word
        XCTAssertEqual(try run([0, 0, w2, 1 << 55]).1, 4)
        XCTAssertEqual(try run([0, 0, w2, (1 << 56) + 1]).0, 1)
        XCTAssertEqual(try run([0, 0, w2, 1 << 56]).0, 1)               // u = f exactly: not below
    }

    /// Frequencies of exact stochastic rounding against MPFR's probability for
    /// literals that are not binary64 values (binomial, 4000 draws, 6σ: false
    /// failure below 2·10⁻⁹ per literal).
    func testStochasticFrequencies() throws {
        for (text, format) in [("0.1", FloatFormat.bfloat16), ("-0.3", .binary16), ("3.14159265358979323846", .e4m3fn),
                               ("1e-40", .bfloat16), ("0.1", .binary64)] {
            let s = reference.evaluateStochastic(format: format, mode: .stochastic()) { y, rnd in
                mpfr_strtofr(y, text, nil, 0, rnd)
            }
            var g = Xoshiro256StarStar(seed: 99)
            let literal = try NumberLiteral(text)
            let n = 4000
            var away = 0
            for _ in 0..<n {
                let r = literal.rounded(to: format, mode: .stochastic(), using: &g)
                if same(r, s.awayFromZero) { away += 1 } else { XCTAssertTrue(same(r, s.towardZero), "\(text): \(r)") }
            }
            let p = s.probabilityAway
            let sigma = (Double(n) * p * (1 - p)).squareRoot()
            XCTAssertLessThanOrEqual(abs(Double(away) - Double(n) * p), 6 * sigma + 1, "\(text) → \(format.name): p = \(p)")
        }
    }
}

/// A generator that replays fixed words (then zeros), counting the words drawn.
struct Replay: RandomNumberGenerator {
    var words: [UInt64]
    var index = 0
    mutating func next() -> UInt64 {
        defer { index += 1 }
        return index < words.count ? words[index] : 0
    }
}
