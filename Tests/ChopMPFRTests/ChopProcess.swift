import Foundation
import XCTest

/// Runs the `chop` executable (the debug build of this package) as a process.
struct ChopProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

extension XCTestCase {
    static var chopExecutable: URL {
        // Tests/ChopMPFRTests/ChopProcess.swift → package root → .build/debug/chop
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/chop")
    }

    func run(_ arguments: [String], stdin: String? = nil) throws -> ChopProcessResult {
        // The test command builds the executable first (scripts/test.sh); a missing one is
        // a failure, not a skip.
        guard FileManager.default.isExecutableFile(atPath: Self.chopExecutable.path) else {
            struct MissingExecutable: Error {}
            XCTFail("no chop executable at \(Self.chopExecutable.path): run `swift build` first")
            throw MissingExecutable()
        }
        let process = Process()
        process.executableURL = Self.chopExecutable
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        input.fileHandleForWriting.closeFile()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ChopProcessResult(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                                 stderr: String(decoding: e, as: UTF8.self))
    }

    /// A rejection: exit status 2, nothing on stdout, exactly one stderr line, which
    /// starts with `chop: error: ` and quotes `bad`.
    func assertRejected(_ arguments: [String], stdin: String = "", quoting bad: String,
                        file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try run(arguments, stdin: stdin)
        XCTAssertEqual(r.status, 2, r.stderr, file: file, line: line)
        XCTAssertEqual(r.stdout, "", file: file, line: line)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count, 1, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("chop: error: "), r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(bad), "expected \(bad) in: \(r.stderr)", file: file, line: line)
    }

    /// ``assertRejected(_:stdin:quoting:file:line:)`` with no stdin.
    func assertBadInput(_ arguments: [String], naming bad: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try assertRejected(arguments, quoting: bad, file: file, line: line)
    }
}
