import Chop
import XCTest

/// `init?(_: Substring)` of typed floats and fixed point against the `String` path,
/// on exact answers worked by hand, and the map/compactMap forms compiling.
final class TextInitializerTests: XCTestCase {
    /// Literals with hand-worked bfloat16 values (ties to even at 1 + 2⁻⁸; one unit in
    /// the 20th digit beyond the tie rounds up), cut out of longer text.
    func testSubstringsAgainstStringsAndExactValues() {
        let cases: [(String, Double)] = [
            ("1.5", 1.5), ("0.1", 0.10009765625), ("1.00390625", 1), ("1.0039062500000000000001", 1.0078125),
            ("-0x1.8p1", -3), ("1e400", .infinity), ("-0", -0.0), ("3.3961e38", 0x1.FEp127)]
        for (text, value) in cases {
            let padded = "[" + text + "]"
            let sub = padded.dropFirst().dropLast()
            XCTAssertEqual(BFloat16(sub)?.doubleValue.bitPattern, value.bitPattern, text)
            XCTAssertEqual(BFloat16(sub)?.bitPattern, BFloat16(text)?.bitPattern, text)
            XCTAssertEqual(Float8E4M3FN(sub)?.bitPattern, Float8E4M3FN(text)?.bitPattern, text)
            XCTAssertEqual(FixedPoint<Q7_8Spec>(sub)?.doubleValue, FixedPoint<Q7_8Spec>(text)?.doubleValue, text)
        }
        // Q7.8: quantum 2⁻⁸; 0.001953125 = 2⁻⁹ is a tie, to even (0); just above it rounds up.
        XCTAssertEqual(FixedPoint<Q7_8Spec>("x0.001953125".dropFirst())?.doubleValue, 0)
        XCTAssertEqual(FixedPoint<Q7_8Spec>("0.0019531250001y".dropLast())?.doubleValue, 0x1p-8)
        XCTAssertNil(BFloat16("1.5 x".dropLast(1)))             // "1.5 " has a space
        XCTAssertNil(BFloat16(Substring("")))
        XCTAssertNil(FixedPoint<Q7_8Spec>("nan"[...]))
        // Random decimals from a long line, split without copying.
        var g = Xoshiro256StarStar(seed: 8)
        let words = (0..<500).map { _ in String(Double(bitPattern: g.next() >> 2) * 1e-300) }
        let line = words.joined(separator: " ")
        let fromSubstrings = line.split(separator: " ").compactMap(BFloat16.init)
        let fromStrings = words.compactMap(BFloat16.init)
        XCTAssertEqual(fromSubstrings.count, words.count)
        XCTAssertEqual(fromSubstrings.map(\.bitPattern), fromStrings.map(\.bitPattern))
    }

    /// `xs.map(BFloat16.init)` and friends compile and round each element once.
    func testMapInitializers() {
        let doubles = [0.1, 1, 3.14159]
        XCTAssertEqual(doubles.map(BFloat16.init).map(\.doubleValue), [0.10009765625, 1, 3.140625])
        let floats: [Float] = [0.1, 2]
        XCTAssertEqual(floats.map(BFloat16.init).map(\.doubleValue), [0.10009765625, 2])
        XCTAssertEqual([1, 2, 3].map(BFloat16.init).map(\.doubleValue), [1, 2, 3])
        XCTAssertEqual(["0.1", "bad"].compactMap(BFloat16.init).map(\.doubleValue), [0.10009765625])
        XCTAssertEqual(doubles.map(Float8E4M3FN.init).map(\.doubleValue), [0.1015625, 1, 3.25])
        let fixed: [Q7_8] = doubles.map(Q7_8.init)
        XCTAssertEqual(fixed.map(\.doubleValue), [0.1015625, 1, 3.140625])
    }
}
