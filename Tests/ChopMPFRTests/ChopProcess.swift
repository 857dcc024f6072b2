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

    /// Exit status 2, nothing on stdout, one stderr line naming `bad`.
    func assertBadInput(_ arguments: [String], naming bad: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try run(arguments, stdin: "")
        XCTAssertEqual(r.status, 2, file: file, line: line)
        XCTAssertEqual(r.stdout, "", file: file, line: line)
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(bad), r.stderr, file: file, line: line)
    }
}
