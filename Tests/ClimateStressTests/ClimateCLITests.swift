import Foundation
import XCTest

/// `chop climate` rejects sizes the machine cannot hold (issue 12, item 4) with one
/// stderr line naming the option, exit status 2 and nothing on stdout.
final class ClimateCLITests: XCTestCase {
    func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let candidates = [Bundle.main.bundleURL, Bundle(for: ClimateCLITests.self).bundleURL, URL(fileURLWithPath: CommandLine.arguments[0])]
            .flatMap { [$0, $0.deletingLastPathComponent()] }
            .map { $0.appendingPathComponent("chop") }
        guard let url = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath }) else {
            struct MissingExecutable: Error {}
            XCTFail("chop executable not built next to the tests: run `swift build` first")
            throw MissingExecutable()
        }
        let p = Process()
        p.executableURL = url
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func testUnboundedSizesAreRejectedNamingTheOption() throws {
        let cases: [([String], String)] = [
            (["climate", "lorenz", "--time", "1e12"], "--time"),
            (["climate", "lorenz", "--members", "1000000000"], "--members"),
            (["climate", "shallow-water", "--members", "1000000000"], "--members"),
            (["climate", "soil", "--time", "1e9"], "--time"),
            (["climate", "lorenz", "--null", "100000000"], "--null"),
            (["climate", "lorenz", "--fdr", "0"], "--fdr"),
            (["climate", "lorenz", "--output", "xml"], "'xml'"),
            (["climate", "lorenz", "--seeds", "0"], "--seeds"),
        ]
        for (args, needle) in cases {
            let r = try run(args)
            XCTAssertEqual(r.status, 2, args.joined(separator: " "))
            XCTAssertEqual(r.out, "", args.joined(separator: " "))
            XCTAssertTrue(r.err.hasPrefix("chop: error: ") && r.err.contains(needle), r.err)
            XCTAssertEqual(r.err.filter { $0 == "\n" }.count, 1, r.err)
        }
    }
}
