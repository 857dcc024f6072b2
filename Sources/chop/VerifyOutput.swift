import ArgumentParser
import ChopMPFR
import Foundation

/// The table, CSV and JSON renderings of exhaustive results.
enum VerifyOutput {
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// The merged view as JSON (what `chop verify merge --output json` prints).
    struct MergedJSON: Encodable {
        struct Space: Encodable {
            var space: String
            var spaceSize: UInt64
            var shards: Int
            var complete: Bool
            var missingShards: [Int]
            var duplicatedShards: [Int]
            var inconsistent: [String]
            var rows: [ExhaustiveResult.ModeRow]
            var checked: UInt64
            var mismatches: UInt64
            var firstMismatches: [ExhaustiveResult.Mismatch]
            var cpuSeconds: Double
            var checksPerCPUSecond: Double
            var libraryVersions: [String]
            var mpfrVersions: [String]
        }
        var schema = "chop-verify-merged/1"
        var spaces: [Space]
        var checked: UInt64
        var mismatches: UInt64
        var complete: Bool
    }

    static func mergedJSON(_ merged: [MergedSpace]) -> MergedJSON {
        MergedJSON(
            spaces: merged.map {
                .init(space: $0.space, spaceSize: $0.spaceSize, shards: $0.shardCount, complete: $0.isComplete,
                      missingShards: $0.missingShards, duplicatedShards: $0.duplicatedShards,
                      inconsistent: $0.inconsistent, rows: $0.rows, checked: $0.checked,
                      mismatches: $0.mismatches, firstMismatches: $0.firstMismatches, cpuSeconds: $0.cpuSeconds,
                      checksPerCPUSecond: Double($0.checked) / max($0.cpuSeconds, 1e-9),
                      libraryVersions: $0.libraryVersions, mpfrVersions: $0.mpfrVersions)
            },
            checked: merged.reduce(0) { $0 + $1.checked },
            mismatches: merged.reduce(0) { $0 + $1.mismatches },
            complete: merged.allSatisfy(\.isComplete))
    }

    /// Prints `merged` on stdout in `style`; `report` (the raw shard results) is what
    /// `--output json` of a run prints.
    static func print(_ merged: [MergedSpace], style: OutputStyle, report: ExhaustiveReport? = nil) {
        switch style {
        case .json:
            if let report { Swift.print(try! json(report), terminator: "") } else {
                Swift.print(try! json(mergedJSON(merged)), terminator: "")
            }
        case .csv:
            Swift.print("space,mode,shards,complete,checked,mismatches,undecided,first_mismatch")
            for m in merged {
                for (k, row) in m.rows.enumerated() {
                    let first = m.firstMismatches.first { $0.mode == row.mode }.map(describe) ?? ""
                    Swift.print([m.space, row.mode, "\(m.shardCount)", m.isComplete ? "yes" : "no", "\(row.checked)",
                                 "\(row.mismatches)", row.undecided.map { "\($0)" } ?? "", first]
                        .map(csvField).joined(separator: ","))
                    _ = k
                }
            }
        case .table:
            var table = TablePrinter(
                headers: ["space", "mode", "checked", "mismatches", "undecided", "first mismatch"], rightAligned: [2, 3, 4])
            for m in merged {
                let name = m.space.components(separatedBy: " [").first ?? m.space
                for row in m.rows {
                    let first = m.firstMismatches.first { $0.mode == row.mode }.map(describe) ?? ""
                    table.append([name, row.mode, "\(row.checked)", "\(row.mismatches)",
                                  row.undecided.map { "\($0)" } ?? "", first])
                }
            }
            Swift.print(table.render())
            let checked = merged.reduce(0) { $0 + $1.checked }
            let mismatches = merged.reduce(0) { $0 + $1.mismatches }
            let cpu = merged.reduce(0) { $0 + $1.cpuSeconds }
            Swift.print(String(format: "%d spaces, %llu checks, %llu mismatches, %.1f CPU s (%.0f checks/s/core)",
                               merged.count, checked, mismatches, cpu, Double(checked) / max(cpu, 1e-9)))
        }
    }

    static func describe(_ m: ExhaustiveResult.Mismatch) -> String {
        "#\(m.index) \(m.input): library \(m.library), reference \(m.reference)"
    }
}

/// `chop verify merge FILES…`: combines shard results (files written by
/// `chop verify --exhaustive … --shard K/N --json-out FILE`), sums each space's shards
/// and prints one row per space and mode. Exits 1 on any mismatch or when a space has a
/// missing, duplicated or inconsistent shard (named on stderr).
struct VerifyMerge {
    var files: [String]
    var output: OutputStyle

    /// The most input files (and bytes per file) merge reads.
    static let maximumFiles = 1_000_000
    static let maximumFileBytes = 64 << 20

    func run() throws {
        let results = try validating { () throws -> [ExhaustiveResult] in
            guard !files.isEmpty else { throw CLIError("no result files given") }
            guard files.count <= Self.maximumFiles else {
                throw CLIError("too many result files (\(files.count); at most \(Self.maximumFiles))")
            }
            var results: [ExhaustiveResult] = []
            for path in files {
                let attributes = try? FileManager.default.attributesOfItem(atPath: path)
                guard let size = attributes?[.size] as? Int else { throw CLIError("cannot read result file '\(path)'") }
                guard size <= Self.maximumFileBytes else {
                    throw CLIError("result file '\(path)' is too large (\(size) bytes; at most \(Self.maximumFileBytes))")
                }
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw CLIError("cannot read result file '\(path)'")
                }
                guard let report = try? JSONDecoder().decode(ExhaustiveReport.self, from: data),
                      report.schema == "chop-verify-exhaustive/1" else {
                    throw CLIError("'\(path)' is not a chop verify --exhaustive result (JSON, schema chop-verify-exhaustive/1)")
                }
                results += report.results
            }
            return results
        }
        let merged = MergedSpace.merge(results)
        for m in merged where !m.isComplete {
            var parts: [String] = []
            if !m.missingShards.isEmpty { parts.append("missing shards \(m.missingShards)") }
            if !m.duplicatedShards.isEmpty { parts.append("duplicated shards \(m.duplicatedShards)") }
            parts += m.inconsistent
            printToStandardError("chop verify merge: \(m.space): \(parts.joined(separator: "; ")) (of \(m.shardCount))")
        }
        VerifyOutput.print(merged, style: output)
        if merged.contains(where: { $0.mismatches > 0 || !$0.isComplete }) { throw ExitCode(1) }
    }
}
