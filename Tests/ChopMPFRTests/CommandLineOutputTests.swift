import ChopMPFR
import Foundation
import XCTest

/// `--output table|csv|json` on every subcommand that prints results, run as a process:
/// the JSON parses (Foundation's JSONSerialization is the independent reader), the CSV
/// has a header and every row its number of fields (read by the RFC 4180 reader below),
/// and a bad value is one `chop: error:` line quoting it. Also `--version`, `chop help`
/// examples at 80 columns, and progress on stderr.
final class CommandLineOutputTests: XCTestCase {
    /// RFC 4180 fields of CSV text (quoted fields may hold commas, quotes and newlines).
    static func csvRecords(_ text: String) -> [[String]] {
        var records: [[String]] = [], field = "", record: [String] = []
        var quoted = false, chars = Array(text), i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" {
                record.append(field); records.append(record); record = []; field = ""
            } else { field.append(c) }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }

    func temporaryFile(_ name: String, _ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chop-output-\(ProcessInfo.processInfo.processIdentifier)-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Every subcommand that prints results, with small arguments.
    func printingCommands() throws -> [[String]] {
        let matrix = try temporaryFile("m.csv", "1,2\n3,4\n")
        let vectors = try temporaryFile("v.csv", "1,0,0\n0.8,0.6,0\n0.6,0.8,0\n0,1,0\n")
        let points = try temporaryFile("p.csv", "v,x\n0.5,2\n1,1\n")
        // Chinchilla-shaped runs at two budgets (three model sizes each).
        var runs = "N,D,loss\n"
        for c in [1e19, 1e20, 1e21] {
            for n in [c / 6e10, c / 6e9, c / 6e8].map({ ($0 / 1e3).squareRoot() * 10 }) {
                let d = c / (6 * n)
                runs += "\(n),\(d),\(1.69 + 406.4 / pow(n, 0.34) + 410.7 / pow(d, 0.28))\n"
            }
        }
        let runsFile = try temporaryFile("runs.csv", runs)
        let shard = FileManager.default.temporaryDirectory.appendingPathComponent("chop-output-shard-\(ProcessInfo.processInfo.processIdentifier).json").path
        let made = try run(["verify", "--exhaustive", "ops", "--format", "e2m1", "--ops", "add", "--mode", "nearest-even",
                            "--json-out", shard])
        XCTAssertEqual(made.status, 0, made.stderr)
        return [
            ["formats"],
            ["round", "--format", "bf16", "0.1", "1e-40", "nan"],
            ["calc", "--format", "bf16", "1/3 + 1/3"],
            ["calc", "--format", "bf16", "--trace", "1/3 + 1/3"],
            ["verify", "--format", "e2m1", "--mode", "nearest-even", "--samples", "10", "--seed", "1"],
            ["verify", "--exhaustive", "ops", "--format", "e2m1", "--ops", "add", "--mode", "nearest-even"],
            ["verify", "merge", shard],
            ["study", "sum", "--formats", "bfloat16", "--modes", "nearest-even", "--sizes", "10", "--seed", "1"],
            ["study", "harmonic", "--formats", "bfloat16", "--modes", "nearest-even", "--terms", "10", "--seed", "1"],
            ["study", "dot", "--formats", "bfloat16", "--modes", "nearest-even", "--sizes", "10", "--seed", "1"],
            ["study", "matmul", "--formats", "bfloat16", "--modes", "nearest-even", "--sizes", "4", "--seed", "1"],
            ["study", "lu", "--formats", "bfloat16", "--modes", "nearest-even", "--sizes", "4", "--seed", "1"],
            ["study", "ode", "--formats", "bfloat16", "--modes", "nearest-even", "--steps", "10", "--seed", "1"],
            ["study", "zoo", "--formats", "e2m1"],
            ["study", "accumulation", "--unit", "v100-fp16", "--k", "16", "--trials", "1", "--vectors", "uniform", "--seed", "1"],
            ["quantize", "--scheme", "mxfp4,int8", "--rows", "4", "--columns", "32", "--seed", "1"],
            ["bessel", "logi", "--order", "1", "--x", "1,2"],
            ["bessel", "logk", "--order", "1", "--x", "1"],
            ["bessel", "vmf-fit", "--data", vectors, "--mean"],
            ["bessel", "bench", "--points", points, "--repetitions", "1"],
            ["bessel", "study", "--points", points],
            ["bessel", "vmf-sample", "--dimension", "3", "--kappa", "1", "--count", "2", "--seed", "1"],
            ["climate", "lorenz", "--members", "2", "--time", "1", "--null", "2", "--sbits", "8", "--modes", "rn",
             "--permutations", "0", "--seed", "1"],
            ["fit", "run", "--law", "chinchilla", "--data", runsFile, "--max-starts", "4", "--seed", "1"],
            ["fit", "predict", "--law", "chinchilla", "N=1e9", "D=2e10"],
            ["fit", "optimal-format", "--bits", "4...6"],
            ["fit", "critical-data", "--params", "1e9", "--block-size", "32", "--exponent-bits", "4", "--mantissa-bits", "3"],
            ["fit", "compute-optimal", "--compute", "1e21", "--bits", "4,8"],
            ["fit", "isoflop", "--data", runsFile, "--budgets", "1e19,1e20,1e21"],
            ["gemm", "--unit", "v100-fp16", "--a", matrix, "--b", matrix],
        ]
    }

    func testCSVAndJSONOnEveryPrintingSubcommand() throws {
        for command in try printingCommands() {
            let name = command.prefix(2).joined(separator: " ")
            let json = try run(command + ["--output", "json"])
            XCTAssertEqual(json.status, 0, "\(name): \(json.stderr)")
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)), "\(name) JSON: \(json.stdout.prefix(300))")

            let csv = try run(command + ["--output", "csv"])
            XCTAssertEqual(csv.status, 0, "\(name): \(csv.stderr)")
            let records = Self.csvRecords(csv.stdout)
            XCTAssertGreaterThanOrEqual(records.count, 2, "\(name): a header and at least one row: \(csv.stdout.prefix(300))")
            guard let header = records.first else { continue }
            XCTAssertFalse(header.contains(where: \.isEmpty), "\(name): empty column name in \(header)")
            XCTAssertNil(Double(header[0]), "\(name): the first line is a header, not data: \(header)")
            for (i, r) in records.enumerated() {
                XCTAssertEqual(r.count, header.count, "\(name): CSV line \(i + 1) has \(r.count) fields, the header \(header.count)")
            }

            let table = try run(command + ["--output", "table"])
            XCTAssertEqual(table.status, 0, "\(name): \(table.stderr)")
            XCTAssertFalse(table.stdout.isEmpty, name)

            for bad in ["xml", "csv,json"] {
                let r = try run(command + ["--output", bad])
                XCTAssertEqual(r.status, 2, name)
                XCTAssertEqual(r.stdout, "", name)
                let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                XCTAssertEqual(lines.count, 1, "\(name): \(r.stderr)")
                XCTAssertTrue(r.stderr.hasPrefix("chop: error: ") && r.stderr.contains("'\(bad)'"), "\(name): \(r.stderr)")
            }
        }
    }

    /// The JSON and CSV of `chop round` hold the same values as the default output
    /// (bfloat16 neighbours of 1/10: 0.10009765625 is the nearer one, by hand).
    func testRoundStylesAgree() throws {
        let csv = try run(["round", "--format", "bf16", "--output", "csv", "--", "0.1", "-inf"])
        XCTAssertEqual(csv.stdout, "input,result\n0.1,0.10009765625\n-inf,-inf\n")
        let json = try run(["round", "--format", "bf16", "--output", "json"], stdin: "0.1\n")
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.first?["result"] as? Double, 0.10009765625)
        XCTAssertEqual(rows.first?["input"] as? String, "0.1")
        let bits = try run(["round", "--format", "e4m3fn", "--notation", "bits", "--output", "csv", "464"])
        XCTAssertEqual(bits.stdout, "input,result\n464,0 1111 110\n")
    }

    func testVersionIsTheLibraryVersion() throws {
        let r = try run(["--version"])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, SwiftChopVersion.current + "\n")
    }

    /// `chop help <sub>` at 80 columns: every example line is indented and not wrapped
    /// (the parser wraps longer lines, which would break an example mid-word).
    func testHelpExamplesFitEightyColumns() throws {
        let subcommands: [[String]] = [[], ["formats"], ["round"], ["verify"], ["calc"], ["study"], ["study", "sum"],
            ["study", "harmonic"], ["study", "dot"], ["study", "matmul"], ["study", "lu"], ["study", "ode"], ["study", "zoo"],
            ["study", "accumulation"], ["quantize"], ["bessel"], ["climate"], ["fit"], ["gemm"]]
        for sub in subcommands {
            let process = Process()
            process.executableURL = Self.chopExecutable
            process.arguments = ["help"] + sub
            process.environment = ["COLUMNS": "80"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            var inExamples = false, examples = 0
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("USAGE:") { break }
                if line == "Examples:" { inExamples = true; continue }
                if line.isEmpty { inExamples = false; continue }
                guard inExamples else { continue }
                examples += 1
                XCTAssertTrue(line.hasPrefix("  ") && line.count <= 80, "chop help \(sub.joined(separator: " ")): broken example line '\(line)'")
            }
            XCTAssertGreaterThan(examples, 0, "chop help \(sub.joined(separator: " ")) has no Examples section")
        }
    }

    /// Progress goes to stderr only on request when stderr is not a terminal, and
    /// never to stdout.
    func testProgressIsSilentUnlessAsked() throws {
        let args = ["study", "sum", "--formats", "bfloat16", "--modes", "nearest-even", "--sizes", "100000", "--seed", "1"]
        let quiet = try run(args)
        XCTAssertEqual(quiet.stderr, "")
        let start = Date()
        let loud = try run(args + ["--progress"])
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(loud.stdout, quiet.stdout)
        // At most ten updates a second.
        let updates = loud.stderr.split(separator: "\n").count
        XCTAssertLessThanOrEqual(Double(updates), 10 * seconds + 1, loud.stderr)
        XCTAssertTrue(loud.stderr.contains("chop study sum ["), loud.stderr)
        XCTAssertTrue(loud.stderr.contains("%"), loud.stderr)
    }

    /// Shell completion offers the format catalogue for --format and the mode names
    /// for --mode (formats may also be custom, so they are not a closed list).
    func testCompletionListsTheCatalogue() throws {
        let r = try run(["--generate-completion-script", "bash"])
        XCTAssertEqual(r.status, 0)
        for name in ["bfloat16", "e4m3fn", "binary16", "nearest-even", "stochastic-equal", "json"] {
            XCTAssertTrue(r.stdout.contains(name), name)
        }
    }
}
