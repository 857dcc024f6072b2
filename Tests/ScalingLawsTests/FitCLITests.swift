import Foundation
import XCTest

/// `chop fit` end to end: the default subcommand parses `chop fit --law … --data …`,
/// the queries print the published numbers, bad input gives one stderr line and exit 2.
final class FitCLITests: XCTestCase {
    var chop: URL {
        get throws {
            // SwiftPM puts the test bundle and the executables in the same products folder.
            let candidates = [Bundle.main.bundleURL, Bundle(for: FitCLITests.self).bundleURL,
                              URL(fileURLWithPath: CommandLine.arguments[0])]
                .flatMap { [$0, $0.deletingLastPathComponent()] }
                .map { $0.appendingPathComponent("chop") }
            guard let url = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath }) else {
                struct MissingExecutable: Error {}
                XCTFail("chop executable not built next to the tests: run `swift build` first")
                throw MissingExecutable()
            }
            return url
        }
    }

    func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = try chop
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func temporaryFile(_ text: String, _ name: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scalinglaws-\(getpid())-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testDefaultSubcommandFitsAndPrintsJSONConstants() throws {
        // Noise-free data from Hoffmann et al.'s constants.
        var csv = "N,D,loss\n"
        for n in [1e8, 4e8, 1.6e9, 6.4e9] {
            for d in [1e10, 4e10, 1.6e11, 6.4e11] {
                csv += "\(n),\(d),\(1.69 + 406.4 / pow(n, 0.34) + 410.7 / pow(d, 0.28))\n"
            }
        }
        let path = try temporaryFile(csv, "runs.csv")
        let r = try run(["fit", "--law", "chinchilla", "--data", path, "--output", "json", "--max-starts", "6", "--seed", "0"])
        XCTAssertEqual(r.status, 0, r.err)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let constants = try XCTUnwrap(object["constants"] as? [String: Double])
        XCTAssertEqual(Set(constants.keys), ["E", "A", "B", "alpha", "beta"])
        XCTAssertEqual(constants["alpha"]!, 0.34, accuracy: 1e-5)
        XCTAssertEqual(constants["B"]!, 410.7, accuracy: 0.05)
        // The fit feeds `predict --constants`.
        let fitted = try temporaryFile(r.out, "fit.json")
        let p = try run(["fit", "predict", "--law", "chinchilla", "--constants", fitted, "N=1e9", "D=2e10"])
        XCTAssertEqual(p.status, 0, p.err)
        XCTAssertEqual(Double(p.out.trimmingCharacters(in: .whitespacesAndNewlines))!,
                       1.69 + 406.4 / pow(1e9, 0.34) + 410.7 / pow(2e10, 0.28), accuracy: 1e-6)
    }

    func testQueriesWithPublishedConstants() throws {
        let table = try run(["fit", "optimal-format", "--bits", "4,8,16"])
        XCTAssertEqual(table.status, 0)
        XCTAssertTrue(table.out.contains("E2M1") && table.out.contains("E4M3") && table.out.contains("E8M7"), table.out)
        let crit = try run(["fit", "critical-data", "--params", "1e9", "--block-size", "128", "--exponent-bits", "4",
                            "--mantissa-bits", "3", "--output", "json"])
        XCTAssertEqual(crit.status, 0)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(crit.out.utf8)) as? [String: Any])
        XCTAssertEqual(object["criticalTokens"] as! Double, 27e12, accuracy: 0.5e12)
        let opt = try run(["fit", "compute-optimal", "--compute", "1e21"])
        XCTAssertEqual(opt.status, 0)
        XCTAssertTrue(opt.out.contains("extrapolation"))
    }

    /// `--published hoffmann2022` names the law by itself: 1.69 + 406.4/(1e9)^0.34 +
    /// 410.7/(2e10)^0.28 (Hoffmann et al. 2022, eq. 10), evaluated here independently.
    func testPredictWithPublishedConstantsNeedsNoLaw() throws {
        let r = try run(["fit", "predict", "--published", "hoffmann2022", "N=1e9", "D=2e10"])
        XCTAssertEqual(r.status, 0, r.err)
        let expected = 1.69 + 406.4 / Foundation.pow(1e9, 0.34) + 410.7 / Foundation.pow(2e10, 0.28)
        XCTAssertEqual(try XCTUnwrap(Double(r.out.trimmingCharacters(in: .whitespacesAndNewlines))), expected, accuracy: 1e-6)
    }

    func testBadInputOneLineExitTwo() throws {
        let missing = try temporaryFile("N,loss\n1,2\n", "bad.csv")
        let cases: [([String], String)] = [
            (["fit", "--law", "chinchilla", "--data", missing], "missing column 'D'"),
            (["fit", "--law", "nope", "--data", missing], "unknown law 'nope'"),
            (["fit", "--law", "chinchilla", "--data", "/nonexistent/x.csv"], "/nonexistent/x.csv"),
            (["fit", "optimal-format", "--bits", "1...3"], "'1...3'"),
            (["fit", "critical-data", "--params=-1", "--block-size", "128", "--exponent-bits", "4", "--mantissa-bits", "3"], "--params"),
            (["fit", "predict", "--law", "qat", "N=1", "D=1", "G=4"], "no published constants"),
            (["fit", "predict", "N=1e9"], "missing value for D"),
            (["fit", "predict", "--published", "nope2020", "N=1e9", "D=1e10"], "no published constants 'nope2020'"),
            (["fit", "isoflop", "--data", missing], "needs a column D or C"),
            (["fit", "isoflop", "--data", missing, "--budgets", "1e19,x"], "'x'"),
            (["fit", "--law", "chinchilla", "--data", missing, "--reduction", "median"], "'median'"),
        ]
        for (args, needle) in cases {
            let r = try run(args)
            XCTAssertEqual(r.status, 2, args.joined(separator: " "))
            XCTAssertEqual(r.out, "")
            XCTAssertTrue(r.err.contains(needle), r.err)
            XCTAssertEqual(r.err.filter { $0 == "\n" }.count, 1, r.err)
        }
        let few = try temporaryFile("N,D,loss\n1e9,1e10,3\n", "few.csv")
        let r = try run(["fit", "--law", "chinchilla", "--data", few])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.err.contains("too few rows"))
    }
}
