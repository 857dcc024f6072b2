import XCTest
@testable import Chop

/// The `chop calc` engine: parsing, precedence, errors with positions, and results
/// equal to the same operations written with the typed API (itself checked against
/// independent references in the other test files) or derived by hand.
final class EmulatedExpressionTests: XCTestCase {
    func eval(_ text: String, _ format: FloatFormat = .bfloat16, _ mode: RoundingMode = .nearestEven) throws -> Double {
        try EmulatedExpression(parsing: text).evaluate(format: format, mode: mode)
    }

    func testResults() throws {
        // bfloat16 by hand: 1/3 → 0.333984375; twice → 0.66796875; + 1/3 = 1.001953125 → 1.
        XCTAssertEqual(try eval("1/3 + 1/3 + 1/3"), 1)
        XCTAssertEqual(try eval("1/3 + 1/3 + 1/3", .bfloat16, .towardPositive), 1.0078125)
        XCTAssertEqual(try eval("-2^2"), -4)
        XCTAssertEqual(try eval("2^3^2"), 512)                  // right-associative
        XCTAssertEqual(try eval("2*3+4*5"), 26)
        XCTAssertEqual(try eval("(1+2)*3"), 9)
        XCTAssertEqual(try eval("0x1.8p1"), 3)
        XCTAssertEqual(try eval("pi"), 3.140625)                  // π in bfloat16, nearest
        XCTAssertEqual(try eval("pi", .bfloat16, .towardPositive), 3.15625)
        XCTAssertEqual(try eval("sqrt(2)", .binary16), 1.4140625)  // 1.41421… → 1448/1024
        // (1 + 2⁻⁷)(1 − 2⁻⁷) = 1 − 2⁻¹⁴: toward zero gives the predecessor of 1, 1 − 2⁻⁸.
        XCTAssertEqual(try eval("fma(1.0078125, 0.9921875, 0)", .bfloat16, .towardZero), 0.99609375)
        // 15.25 in E4M3FN (spacing 1 in [8, 16)): 15 nearest, 16 toward +∞.
        XCTAssertEqual(try eval("fma(3, 5, 0.25)", .e4m3fn), 15)
        XCTAssertEqual(try eval("fma(3, 5, 0.25)", .e4m3fn, .towardPositive), 16)
        XCTAssertEqual(try eval("1e300*1e300", .binary64), .infinity)
        XCTAssertTrue(try eval("0/0").isNaN)
        XCTAssertEqual(try eval("max(1, 2) - min(1, 2)"), 1)
        // Elementary functions: binary64 value rounded once.
        XCTAssertEqual(try eval("exp(1)"), (BFloat16(2.718281828459045)).doubleValue)
        XCTAssertEqual(try eval("e"), 2.71875)
        // Seeds reproduce stochastic evaluations.
        let s1 = try EmulatedExpression(parsing: "1/3+1/7+1/11").evaluate(format: .bfloat16, mode: .stochastic(), seed: 4)
        let s2 = try EmulatedExpression(parsing: "1/3+1/7+1/11").evaluate(format: .bfloat16, mode: .stochastic(), seed: 4)
        XCTAssertEqual(s1, s2)
    }

    func testTraceReportsEveryOperation() throws {
        var steps: [EmulatedExpression.Step] = []
        _ = try EmulatedExpression(parsing: "1/3*3").evaluate(format: .bfloat16, mode: .nearestEven) { steps.append($0) }
        XCTAssertEqual(steps.map(\.operation), ["1", "3", "1.0 / 3.0", "3", "0.333984375 * 3.0"])
        XCTAssertEqual(steps[2].result, 0.333984375)
        XCTAssertEqual(steps[2].error, 1.0 / 1536)   // 0.333984375 − 1/3 = 1/1536 exactly
        // 0.333984375 × 3 = 1.001953125 exactly, rounded to 1 in bfloat16.
        XCTAssertEqual(steps[4].result, 1)
        XCTAssertEqual(steps[4].error, 1 - 1.001953125)
    }

    func testMalformedExpressionsReportThePosition() {
        let cases: [(String, Int)] = [
            ("1 + (2", 7), ("2 ** 3", 4), ("foo(1)", 1), ("sin 1", 1), ("", 1), ("1 +", 4),
            ("fma(1, 2)", 1), ("3 $ 4", 3), ("sqrt(4", 7), ("1..2", 1),
        ]
        for (text, column) in cases {
            XCTAssertThrowsError(try EmulatedExpression(parsing: text), text) { error in
                XCTAssertEqual((error as? ExpressionError)?.column, column, "\(text): \(error)")
            }
        }
    }

    /// A signed literal is one value, rounded once (issue 12): −0.1 toward +∞ in
    /// bfloat16 is −0.099609375 (the neighbours of 1/10 are 0.099609375 and
    /// 0.10009765625), not −(0.1 rounded toward +∞). A power binds tighter: −2^2 = −4.
    func testSignedLiteralsAreRoundedOnce() throws {
        XCTAssertEqual(try eval("-0.1", .bfloat16, .towardPositive), -0.099609375)
        XCTAssertEqual(try eval("-0.1", .bfloat16, .towardNegative), -0.10009765625)
        XCTAssertEqual(try eval("2 * -0.1", .bfloat16, .towardPositive), -0.19921875)
        XCTAssertEqual(try eval("-(0.1)", .bfloat16, .towardPositive), -0.10009765625)  // negation of a rounded value
        XCTAssertEqual(try eval("-2^2"), -4)
        XCTAssertEqual(try eval("2^-1"), 0.5)
        XCTAssertEqual(try eval("-3-2"), -5)
        // Literals are exact: 0.1 toward zero in binary64 is the double below 1/10.
        XCTAssertEqual(try eval("0.1", .binary64, .towardZero), 0.1.nextDown)
        XCTAssertEqual(try eval("1e400", .binary64, .towardZero), .greatestFiniteMagnitude)
    }

    /// Deep inputs are parsed and evaluated without recursion (these crashed the
    /// recursive parser with a stack overflow). Results by hand: bfloat16 integers are
    /// exact up to 256 and 256 + 1 ties to 256, so a sum of ones stops at 256; nested
    /// square roots of 4 reach 1 (√1.0078125 ≈ 1.0039 rounds to 1 in bfloat16).
    func testDeepNestingDoesNotRecurse() throws {
        XCTAssertEqual(try eval(Array(repeating: "1", count: 21_000).joined(separator: "+")), 256)
        XCTAssertEqual(try eval(String(repeating: "(", count: 12_000) + "1" + String(repeating: ")", count: 12_000)), 1)
        XCTAssertEqual(try eval(String(repeating: "-", count: 21_000) + "1"), 1)
        XCTAssertEqual(try eval(String(repeating: "- ", count: 21_001) + "(1)"), -1)
        XCTAssertEqual(try eval(String(repeating: "sqrt(", count: 12_000) + "4" + String(repeating: ")", count: 12_000)), 1)
        // A right-associative tower 2^(2^(…^0)): 1, 2, 4, 16, 65536, then 2^65536 = ∞.
        XCTAssertEqual(try eval(String(repeating: "2^", count: 5_000) + "0"), .infinity)
        XCTAssertEqual(try eval(String(repeating: "2^", count: 5) + "0"), 65536)
        XCTAssertThrowsError(try EmulatedExpression(parsing: String(repeating: "(", count: 12_000) + "1")) { error in
            XCTAssertEqual((error as? ExpressionError)?.message, "missing ')'")
        }
    }

    /// The generator passed in drives the stochastic modes: the same seed gives the
    /// same result, and exact expressions draw nothing.
    func testExplicitGenerator() throws {
        let e = try EmulatedExpression(parsing: "1/3 + 1/7")
        var g1 = Xoshiro256StarStar(seed: 9), g2 = Xoshiro256StarStar(seed: 9)
        XCTAssertEqual(e.evaluate(format: .bfloat16, mode: .stochastic(), using: &g1),
                       e.evaluate(format: .bfloat16, mode: .stochastic(), using: &g2))
        var g3 = Xoshiro256StarStar(seed: 9)
        let before = g3
        _ = try EmulatedExpression(parsing: "1 + 2 * 3").evaluate(format: .bfloat16, mode: .stochastic(), using: &g3)
        XCTAssertEqual(g3, before)
    }
}
