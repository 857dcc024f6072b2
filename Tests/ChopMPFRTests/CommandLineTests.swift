import Foundation
import XCTest

/// The `chop` executable's formats, round and verify subcommands, run as a process.
final class CommandLineTests: XCTestCase {
    func testBadInputs() throws {
        try assertBadInput(["round", "--format", "fp7", "1"], naming: "fp7")
        try assertBadInput(["round", "--format", "ieee-e1m3", "1"], naming: "1")
        try assertBadInput(["round", "--format", "ieee-e12m3", "1"], naming: "12")
        try assertBadInput(["round", "--format", "fp16", "--mode", "nearest-odd", "1"], naming: "nearest-odd")
        try assertBadInput(["round", "--format", "fp16", "--mode", "stochastic:99", "1"], naming: "99")
        try assertBadInput(["round", "--format", "fp16", "1.5", "1.2.3"], naming: "1.2.3")
        try assertBadInput(["round", "--format", "fp16", "--output", "octal", "1"], naming: "octal")
        try assertBadInput(["verify", "--format", "bogus"], naming: "bogus")
        try assertBadInput(["verify", "--format", "fp16", "--mode", "sideways"], naming: "sideways")
        try assertBadInput(["verify", "--format", "fp16", "--ops", "add,pow"], naming: "pow")
        try assertBadInput(["verify", "--format", "fp16", "--samples", "many"], naming: "many")
        try assertBadInput(["verify", "--format", "fp16", "--seed=-3"], naming: "-3")
        try assertBadInput(["round", "--format", "fp16", "--seed", "x1", "1"], naming: "x1")
        try assertBadInput(["round", "--format", "fp16", "--flip-probability", "1.5", "1"], naming: "1.5")
        try assertBadInput(["round", "--format", "fp16", "--flip-probability", "often", "1"], naming: "often")
        // Malformed command lines rejected by the argument parser: one line, status 2 too.
        try assertBadInput(["round", "--format"], naming: "--format")
        try assertBadInput(["round", "--format", "fp16", "--bogus-flag", "1"], naming: "--bogus-flag")
        try assertBadInput(["no-such-subcommand"], naming: "no-such-subcommand")
        try assertBadInput(["study", "sum", "--sizes", "abc"], naming: "abc")
        try assertBadInput(["quantize", "--scheme", "mxfp5", "--generate", "gaussian"], naming: "mxfp5")
        try assertBadInput(["bessel", "logi", "--order", "x", "--x", "1"], naming: "x")
        try assertBadInput(["climate", "lorenz", "--sbits", "0,60"], naming: "0")
        try assertBadInput(["fit", "optimal-format", "--bits", "1"], naming: "1")
        try assertBadInput(["calc", "--format", "bf16", "1 + (2"], naming: "column")
        // An unparsable line on stdin: `round` streams, so the line before it has been
        // answered; the error names the line.
        let r = try run(["round", "--format", "fp16"], stdin: "1\nzebra\n")
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "1.0\n")
        XCTAssertTrue(r.stderr.contains("zebra") && r.stderr.contains("line 2"), r.stderr)
    }

    func testRoundOutputs() throws {
        var r = try run(["round", "--format", "binary16", "--", "65520", "65519.99", "-1e-30", "0x1.8p-3", "nan", "-inf", "-0.0", "5e-324"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "inf\n65504.0\n-0.0\n0.1875\nnan\n-inf\n-0.0\n0.0\n")
        r = try run(["round", "--format", "e4m3fn", "--notation", "bits", "464", "472"])
        XCTAssertEqual(r.stdout, "0 1111 110\n0 1111 111\n")
        r = try run(["round", "--format", "bf16", "--notation", "hex", "--mode", "toward-zero", "3.14159"])
        XCTAssertEqual(r.stdout, "0x1.92p+1\n")
        // --notation shortest prints what Swift's own Float16 prints for the same value.
        let inputs = ["0.1", "3.14159", "65504", "1e-7", "-2.5e-5", "1000.3", "6e-8", "-0.0", "inf", "nan"]
        r = try run(["round", "--format", "binary16", "--notation", "shortest", "--"] + inputs)
        XCTAssertEqual(r.stdout, inputs.map { "\(Float16(Double($0)!))\n" }.joined())
        r = try run(["round", "--format", "fp4"], stdin: "2.5\n\n-7\n0x1p-2\n")
        XCTAssertEqual(r.stdout, "2.0\n-6.0\n0.0\n")
        // Stochastic rounding with a seed is reproducible.
        let a = try run(["round", "--format", "e5m2", "--mode", "stochastic", "--seed", "3", "1.1", "1.1", "1.1", "1.1"])
        let b = try run(["round", "--format", "e5m2", "--mode", "stochastic", "--seed", "3", "1.1", "1.1", "1.1", "1.1"])
        XCTAssertEqual(a.stdout, b.stdout)
        XCTAssertEqual(Set(a.stdout.split(separator: "\n")).isSubset(of: ["1.0", "1.25"]), true)
        // Soft errors: with probability 1 every result of 1 is 1 with one of bfloat16's
        // seven stored significand bits set (1 + 2⁻ᵏ), reproducibly for a seed.
        let flipped = try run(["round", "--format", "bf16", "--flip-probability", "1", "--seed", "4"] + Array(repeating: "1", count: 40))
        let again = try run(["round", "--format", "bf16", "--flip-probability", "1", "--seed", "4"] + Array(repeating: "1", count: 40))
        XCTAssertEqual(flipped.status, 0)
        XCTAssertEqual(flipped.stdout, again.stdout)
        let oneBitAway = Set((1...7).map { "\(1 + Double(sign: .plus, exponent: -$0, significand: 1))" })
        XCTAssertEqual(Set(flipped.stdout.split(separator: "\n").map(String.init)).subtracting(oneBitAway), [])
        XCTAssertGreaterThan(Set(flipped.stdout.split(separator: "\n")).count, 3)
        XCTAssertEqual(try run(["round", "--format", "bf16", "--flip-probability", "0", "1"]).stdout, "1.0\n")
    }

    func testFormatsAndVerify() throws {
        var r = try run(["formats", "--output", "json"])
        XCTAssertEqual(r.status, 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        XCTAssertEqual(parsed?.count, 16)
        XCTAssertEqual(parsed?.first(where: { $0["name"] as? String == "e4m3fn" })?["maxFinite"] as? Double, 448)
        r = try run(["formats"])
        XCTAssertTrue(r.stdout.contains("65504.0"))
        r = try run(["verify", "--format", "e2m1fn,e4m3fnuz", "--mode", "nearest-even,stochastic", "--samples", "500", "--seed", "1"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("e2m1fn"))
        XCTAssertTrue(r.stdout.contains("0 failing rows"))
        r = try run(["verify", "--format", "e3m2fn", "--mode", "to-odd", "--samples", "300", "--ops", "mul,fma", "--seed", "1"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("fma"))
    }
}
