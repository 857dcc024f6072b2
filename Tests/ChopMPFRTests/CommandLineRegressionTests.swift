import Foundation
import XCTest

/// Regression tests of the command-line defects of issue 12 (each was found by
/// scripts/fuzz-cli.py): every bad value is one `chop: error:` line quoting what the
/// user typed, exit status 2, nothing on stdout; and the one seed rule holds on every
/// command that draws random numbers.
final class CommandLineRegressionTests: XCTestCase {
    /// `+5` was read as 5 by verify, quantize, climate (UInt64("+5") accepts a sign);
    /// every command now takes the one SeedOption.
    func testSignedSeedIsRejectedEverywhere() throws {
        for base in [["verify", "--format", "e2m1", "--samples", "1"],
                     ["quantize", "--scheme", "mxfp4", "--rows", "4", "--columns", "32"],
                     ["climate", "lorenz", "--members", "2", "--time", "1"],
                     ["study", "sum", "--sizes", "10"],
                     ["gemm", "--list-units"],
                     ["fit", "isoflop", "--data", "/nonexistent.csv"],
                     ["fit", "run", "--law", "chinchilla", "--data", "/nonexistent.csv"],
                     ["study", "accumulation", "--k", "16"]] {
            try assertRejected(base + ["--seed", "+5"], quoting: "'+5'")
        }
    }

    func testVerifyBounds() throws {
        try assertRejected(["verify", "--format", "e2m1", "--samples", "1", "--threads", "1000000000000"], quoting: "'1000000000000'")
        // `all` inside a list stands for the catalogue, so the bad item is the one named.
        try assertRejected(["verify", "--format", "all,bogus", "--samples", "1"], quoting: "'bogus'")
        try assertRejected(["verify", "--format", ",", "--samples", "1"], quoting: "','")
        try assertRejected(["verify", "--format", "bf16,,e2m1", "--samples", "1"], quoting: "'bf16,,e2m1'")
        // --samples 0 is valid (edges only), not a hang.
        let r = try run(["verify", "--format", "e2m1", "--mode", "nearest-even", "--samples", "0"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stderr.contains("chop: seed"), false, "no random numbers drawn, no seed announced")
    }

    func testEmptySchemeListsAreRejected() throws {
        for list in ["", ",", "mxfp4,,nvfp4", "mxfp4,"] {
            try assertRejected(["quantize", "--scheme", list, "--rows", "4", "--columns", "32"], quoting: "'\(list)'")
        }
    }

    /// The typed text is quoted, not its binary64 reading (1e12 was shown as 1000000000000.0).
    func testClimateQuotesTheTypedTime() throws {
        try assertRejected(["climate", "lorenz", "--members", "2", "--time", "1e12"], quoting: "'1e12'")
        try assertRejected(["climate", "lorenz", "--members", "2", "--time", "99999999999999999999999"],
                           quoting: "'99999999999999999999999'")
    }

    /// A refused size is one line quoting the typed size, and no seed line before it.
    func testStudySizeBeyondTheLimitIsOneLine() throws {
        try assertRejected(["study", "sum", "--formats", "bfloat16", "--sizes", "1e12"], quoting: "'1e12'")
        try assertRejected(["study", "lu", "--sizes", "10,5e3"], quoting: "'5e3'")
        try assertRejected(["study", "harmonic", "--terms", "2e9"], quoting: "'2e9'")
    }

    func testFitNamesTheBadDataFile() throws {
        let dir = FileManager.default.temporaryDirectory
        let empty = dir.appendingPathComponent("chop-regression-empty.csv").path
        let numbers = dir.appendingPathComponent("chop-regression-numbers.csv").path
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        try "1,2,3\n4,5,6\n".write(toFile: numbers, atomically: true, encoding: .utf8)
        try assertRejected(["fit", "run", "--law", "chinchilla", "--data", empty], quoting: "'\(empty)'")
        try assertRejected(["fit", "run", "--law", "chinchilla", "--data", numbers], quoting: "'\(numbers)'")
        try assertRejected(["fit", "isoflop", "--data", empty], quoting: "'\(empty)'")
    }

    /// A typed line break or control character cannot split the error line.
    func testControlCharactersAreEscapedInErrors() throws {
        try assertRejected(["calc", "--format", "bf16", "--", "1\n+\u{0B}x"], quoting: "\\u{a}")
        try assertRejected(["round", "--format", "bf16\u{85}", "1"], quoting: "\\u{85}")
    }

    func testHelpForAnUnknownSubcommandIsAnError() throws {
        try assertRejected(["help", "nosuch"], quoting: "'nosuch'")
        try assertRejected(["help", "study", "nosuch"], quoting: "'nosuch'")
    }

    /// The one seed rule on a command that had a fixed default seed (quantize: 0):
    /// without --seed a random seed is announced and reproduces the run; with it,
    /// nothing is announced.
    func testQuantizeFollowsTheSeedRule() throws {
        let args = ["quantize", "--scheme", "mxfp4", "--rows", "4", "--columns", "32", "--output", "csv"]
        let first = try run(args)
        XCTAssertEqual(first.status, 0, first.stderr)
        let lines = first.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, first.stderr)
        let seed = try XCTUnwrap(lines.first.flatMap { $0.hasPrefix("chop: seed ") ? UInt64($0.dropFirst(11)) : nil })
        let again = try run(args + ["--seed", "\(seed)"])
        XCTAssertEqual(again.stdout, first.stdout)
        XCTAssertEqual(again.stderr, "")
        // Deterministic input (a file) and a deterministic mode: no random numbers, no seed line.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chop-regression-m.csv").path
        try (0..<4).map { i in (0..<32).map { "\(Double(i * 32 + $0) / 7)" }.joined(separator: ",") }
            .joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try run(["quantize", "--scheme", "mxfp4", "--input", file]).stderr, "")
    }
}
