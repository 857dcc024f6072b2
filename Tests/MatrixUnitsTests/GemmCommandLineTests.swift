import Foundation
import XCTest
@testable import MatrixUnits

/// `chop gemm` and `chop study accumulation` run as a process (the debug build).
final class GemmCommandLineTests: XCTestCase {
    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static var executable: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/chop")
    }

    func run(_ arguments: [String]) throws -> Result {
        // The test command builds the executable first; a missing one is a failure.
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else {
            struct MissingExecutable: Error {}
            XCTFail("no chop executable at \(Self.executable.path): run `swift build` first")
            throw MissingExecutable()
        }
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    func file(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chop-gemm-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func assertBadInput(_ arguments: [String], naming bad: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try run(arguments)
        XCTAssertEqual(r.status, 2, file: file, line: line)
        XCTAssertEqual(r.stdout, "", file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("chop: error: "), r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(bad), r.stderr, file: file, line: line)
    }

    /// FH's V100 truncation probe through the CLI: [1,1]·[2, 3·2^-24] = 2, exact 2+2^-22.
    func testGemmPrintsShortestDecimals() throws {
        let a = try file("A.csv", "1,1\n1,0\n"), b = try file("B.csv", "2\n0x1.8p-23\n")
        let r = try run(["gemm", "--unit", "v100-fp16", "--a", a, "--b", b])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "2.0\n2.0\n")
        let e = try run(["gemm", "--unit", "exact-fp16", "--a", a, "--b", b])
        XCTAssertEqual(e.stdout, "\((2 + 0x1p-22).description)\n2.0\n")
        let c = try file("C.csv", "0x1.fffffep-1\n1\n")
        let custom = try run(["gemm", "--unit", "a=fp16,k=4,frac=23,round=rz", "--a", a, "--b", b, "--c", c, "--output", "json"])
        XCTAssertEqual(custom.status, 0, custom.stderr)
        XCTAssertTrue(custom.stdout.contains("\"d\""), custom.stdout)
    }

    func testGemmBadInputs() throws {
        let a = try file("A2.csv", "1,1\n"), b = try file("B2.csv", "2\n1\n")
        try assertBadInput(["gemm", "--unit", "v100-fp16", "--a", try file("bad.csv", "1,0.1\n"), "--b", b], naming: "0.1")
        try assertBadInput(["gemm", "--unit", "v100-fp16", "--a", try file("rag.csv", "1,1\n1\n"), "--b", b], naming: "ragged")
        try assertBadInput(["gemm", "--unit", "v100-fp16", "--a", try file("nn.csv", "1,abc\n"), "--b", b], naming: "'abc'")
        try assertBadInput(["gemm", "--unit", "v100-fp16", "--a", a, "--b", a], naming: "B needs 2 rows")
        try assertBadInput(["gemm", "--unit", "v100-fp16", "--a", try file("empty.csv", ""), "--b", b], naming: "empty")
        try assertBadInput(["gemm", "--unit", "gpu9000", "--a", a, "--b", b], naming: "gpu9000")
        try assertBadInput(["gemm", "--unit", "a=fp16,k=99999,frac=24", "--a", a, "--b", b], naming: "99999")
        try assertBadInput(["gemm", "--unit", "v100-fp16", "--a", a, "--b", b, "--output", "xml"], naming: "xml")
        try assertBadInput(["gemm", "--unit", "v100-fp16", "--a", "/nonexistent/A.csv", "--b", b], naming: "/nonexistent/A.csv")
        try assertBadInput(["gemm", "--unit", "v100-fp16", "--a", a, "--b", b, "--c", try file("C2.csv", "1,2\n")], naming: "C is 1×2")
        try assertBadInput(["study", "accumulation", "--unit", "v100-fp16", "--k", "0"], naming: "'0'")
        try assertBadInput(["study", "accumulation", "--unit", "v100-fp16", "--k", "99999999"], naming: "99999999")
        try assertBadInput(["study", "accumulation", "--unit", "v100-fp16", "--vectors", "spiky"], naming: "spiky")
    }

    func testListUnitsNamesEveryPreset() throws {
        let r = try run(["gemm", "--list-units", "--output", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let names = r.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        XCTAssertEqual(names, MatrixUnitModel.presets.map(\.name))
    }

    func testStudyAccumulationCSV() throws {
        let r = try run(["study", "accumulation", "--unit", "v100-fp16,exact-fp16", "--k", "16,64", "--trials", "2", "--output", "csv", "--no-progress"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 1 + 2 * 2 * 4)
        XCTAssertTrue(lines[0].hasPrefix("unit,vectors,k,trials,accumulator,unit_mean_rel_error"))
        // The exact reference rounds once to binary32: its error is at most u = 2^-24.
        for line in lines.dropFirst() where line.hasPrefix("exact-fp16") {
            let maxError = Double(line.split(separator: ",")[6])!
            XCTAssertLessThanOrEqual(maxError, 0x1p-24 * (1 + 1e-3), String(line))
        }
    }
}
