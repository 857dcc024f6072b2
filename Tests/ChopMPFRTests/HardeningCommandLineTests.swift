import Foundation
import XCTest

/// The command line's handling of exact literals, bad input and seeds (issue 12), run
/// as a process. Expected values are independent: the binary64 neighbours of 1/10
/// (0.1 is above 1/10, so toward zero gives its predecessor), the bfloat16 neighbours
/// of 1/10 (0.099609375 and 0.10009765625, by hand: 1/10 = 1.1001100|1100…₂·2⁻⁴, the
/// discarded part above half, so nearest is the upper one), and mpmath for K.
final class HardeningCommandLineTests: XCTestCase {
    func testLiteralsAreRoundedOnceFromTheirExactValue() throws {
        var r = try run(["round", "--format", "binary64", "--mode", "toward-zero", "0.1", "1e400", "0x1.fffffffffffff8p0"])
        XCTAssertEqual(r.stdout, "\(0.1.nextDown)\n\(Double.greatestFiniteMagnitude)\n\(Double(0x1.fffffffffffffp0))\n")
        r = try run(["round", "--format", "bf16", "--mode", "toward-zero", "0x1.ffffffffffffffffffffp0"])
        XCTAssertEqual(r.stdout, "1.9921875\n")
        r = try run(["round", "--format", "binary64", "--mode", "toward-positive", "0x1p-1080"])
        XCTAssertEqual(r.stdout, "5e-324\n")
        r = try run(["calc", "--format", "bf16", "--mode", "toward-positive", "--", "-0.1"])
        XCTAssertEqual(r.stdout, "-0.099609375\n")
        r = try run(["round", "--format", "bf16", "--mode", "toward-positive", "--", "-0.1"])
        XCTAssertEqual(r.stdout, "-0.099609375\n")
        r = try run(["round", "--format", "bf16"], stdin: "0.1\n\n  0.1  \n")
        XCTAssertEqual(r.stdout, "0.10009765625\n0.10009765625\n")
    }

    func testBadInputIsRejectedWithOneLine() throws {
        try assertRejected(["round", "--format", "bf16"], stdin: "2 3\n", quoting: "'2 3'")
        try assertRejected(["round", "--format", "bf16"], stdin: "2\u{0}3\n", quoting: "line 1")
        try assertRejected(["round", "--format", "bf16", "--", "2 3"], quoting: "'2 3'")
        try assertRejected(["round", "--format", "bf16", "--seed=", "5", "1"], quoting: "--seed=")
        try assertRejected(["round", "--format", "bf16", "--seed", "-1", "1"], quoting: "'-1'")
        try assertRejected(["calc", "--format", "bf16", "--seed", "-1", "1"], quoting: "'-1'")
        for name in ["ieee-e1m3", "ieee-e12m5", "ieee-e5m60"] {
            try assertRejected(["round", "--format", name, "1"], quoting: "'\(name)'")
        }
        try assertRejected(["round", "--format", "bf16", "--mode", "stochastic:0", "1"], quoting: "'stochastic:0'")
        try assertRejected(["round", "--format", "bf16", "--", "1e1000001"], quoting: "1e1000001")
        try assertRejected(["calc", "--format", "bf16", String(repeating: "(", count: 12_000) + "1"], quoting: "missing ')'")
        try assertRejected(["bessel", "logk", "--order", "2.5", "--x", "1e-400"], quoting: "'1e-400'")
        try assertRejected(["bessel", "vmf-sample", "--dimension", "1000000000000", "--kappa", "1", "--count", "1"],
                           quoting: "--dimension")
        try assertRejected(["bessel", "study", "--points", "-"], stdin: "v,x\n", quoting: "no (v, x) points")
    }

    /// A bad stdin line after good ones: the good results have been printed (the
    /// command streams), then one error line naming the line, exit 2.
    func testStreamingStopsAtTheFirstBadLine() throws {
        let r = try run(["round", "--format", "bf16"], stdin: "1\n0.1\nfoo\n3\n")
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "1.0\n0.10009765625\n")
        XCTAssertEqual(r.stderr, "chop: error: line 3 of stdin: cannot parse 'foo' as a number (expected a decimal or hex-float literal, nan, inf or -inf)\n")
    }

    /// Without --seed a stochastic run reports its random seed, and that seed
    /// reproduces it; deterministic runs report nothing.
    func testSeedRule() throws {
        let values = (1...40).map { "0.\($0)1" }
        let first = try run(["round", "--format", "e4m3fn", "--mode", "stochastic"] + values)
        XCTAssertEqual(first.status, 0)
        let announced = first.stderr.split(separator: "\n")
        XCTAssertEqual(announced.count, 1)
        let seed = try XCTUnwrap(announced.first.flatMap { $0.hasPrefix("chop: seed ") ? UInt64($0.dropFirst(11)) : nil })
        let again = try run(["round", "--format", "e4m3fn", "--mode", "stochastic", "--seed", "\(seed)"] + values)
        XCTAssertEqual(again.stdout, first.stdout)
        XCTAssertEqual(again.stderr, "")
        XCTAssertEqual(try run(["round", "--format", "e4m3fn"] + values).stderr, "")
        XCTAssertEqual(try run(["calc", "--format", "bf16", "1/3"]).stderr, "")
        XCTAssertTrue(try run(["calc", "--format", "bf16", "--mode", "stochastic", "1/3"]).stderr.hasPrefix("chop: seed "))
    }

    /// `chop round` answers each line as it is read: one line in, one result out,
    /// with stdin still open.
    func testRoundAnswersBeforeEndOfInput() throws {
        let process = Process()
        process.executableURL = Self.chopExecutable
        process.arguments = ["round", "--format", "bf16"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("0.1\n".utf8))
        let got = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var text = ""
        DispatchQueue.global().async {
            text = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
            got.signal()
        }
        let answered = got.wait(timeout: .now() + 20) == .success
        input.fileHandleForWriting.closeFile()
        process.waitUntilExit()
        XCTAssertTrue(answered, "no answer while stdin was open")
        XCTAssertEqual(text, "0.10009765625\n")
    }

    func testBesselPairsFromStdin() throws {
        // log K_{1/2}(2) = ½ log(π/4) − 2 (DLMF 10.39.2; mpmath, 30 digits).
        let r = try run(["bessel", "logk", "--pairs", "-"], stdin: "v,x\n0.5,2\n")
        let value = try XCTUnwrap(Double(r.stdout.split(separator: "\n")[1].split(separator: ",")[2]))
        XCTAssertEqual(value, -2.12078223763524522234551844578, accuracy: 1e-14 * 2.2)
        // Half-integer order at a subnormal argument (mpmath: 1862.42458344476599…).
        let k = try run(["bessel", "logk", "--order", "2.5", "--x", "5e-324"])
        XCTAssertEqual(try XCTUnwrap(Double(k.stdout.dropLast())), 1862.424583444766, accuracy: 1e-11)
    }
}
