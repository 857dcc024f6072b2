import ArgumentParser
import Chop
import Foundation
import MatrixUnits

/// `chop gemm`: D = A·B + C as a tensor core or matrix core computes it.
struct GemmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "Emulate a tensor-core / matrix-core GEMM D = A·B + C (block FMA numerics).",
        discussion: """
            Reads A (m×K), B (K×n) and optionally C (m×n) as CSV files (one row per line, values separated by commas; decimal or hex-float literals, nan, inf). Every entry must already be a value of the unit's input format (C: of its C format). Prints D one row per line, each value the shortest decimal that reads back to the same binary64.

            --unit takes a preset (chop gemm --list-units) or key=value parameters, e.g.
              --unit a=fp16,out=binary32,k=8,frac=24,round=rz,min_exp=-132
              --unit preset=h100-fp8-e4m3,promote=128

            Examples:
              chop gemm --unit v100-fp16 --a A.csv --b B.csv --c C.csv
              chop gemm --unit h100-fp8-e4m3 --a A.csv --b B.csv --output json
              chop gemm --list-units
            """)

    @Option(name: .long, help: "Matrix unit: a preset name or key=value,... parameters.")
    var unit: String?

    @Option(name: .customLong("a"), help: "A as CSV (m rows, K columns).")
    var aPath: String?

    @Option(name: .customLong("b"), help: "B as CSV (K rows, n columns).")
    var bPath: String?

    @Option(name: .customLong("c"), help: "C as CSV (m rows, n columns); zeros when omitted.")
    var cPath: String?

    @Option(name: .long, help: "How to print D: table, csv (a header d1,…,dn, then the rows) or json (default: the bare rows of D, comma-separated, readable back by --a/--b/--c). With --list-units the default is table.")
    var output: OutputStyle?

    /// `--seed`: stochastic final rounding (custom models with round=sr).
    @OptionGroup var seedOption: SeedOption

    @OptionGroup var progressOption: ProgressOption

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int?

    @Flag(name: .customLong("list-units"), help: "Print every preset with its parameters and sources.")
    var listUnits = false

    /// Largest input file read, in bytes.
    static let maximumFileBytes = 64 << 20
    /// Largest number of multiply-accumulates m·n·K.
    static let maximumMACs = 1 << 33

    func run() throws {
        _ = try validating { try seedOption.validated() }
        if let t = threads, !(1...256).contains(t) {
            throw CLIError.report("invalid --threads value '\(t)' (expected 1...256)")
        }
        if listUnits {
            guard unit == nil, aPath == nil, bPath == nil, cPath == nil else {
                throw CLIError.report("--list-units takes no --unit, --a, --b or --c")
            }
            print(Self.unitList(output ?? .table), terminator: "")
            return
        }
        guard let unit else { throw CLIError.report("missing --unit (try chop gemm --list-units)") }
        guard let aPath else { throw CLIError.report("missing --a <A.csv>") }
        guard let bPath else { throw CLIError.report("missing --b <B.csv>") }
        let model: MatrixUnitModel
        do { model = try MatrixUnitModel(unit: unit) } catch {
            throw CLIError.report("--unit '\(unit)': \(error)")
        }
        let d: Matrix
        do {
            let a = try Self.readMatrix(aPath, name: "A")
            let b = try Self.readMatrix(bPath, name: "B")
            let c = try cPath.map { try Self.readMatrix($0, name: "C") }
            let macs = a.rows.multipliedReportingOverflow(by: a.columns)
            guard !macs.overflow, !macs.partialValue.multipliedReportingOverflow(by: b.columns).overflow,
                  macs.partialValue * b.columns <= Self.maximumMACs else {
                throw CLIError("\(a.rows)×\(a.columns) times \(b.rows)×\(b.columns) is more than \(Self.maximumMACs) multiply-accumulates")
            }
            let seed = try seedOption.resolve(usesRandomness: model.finalRounding.isStochastic)
            let bar = progressOption.reporter("chop gemm")
            d = try gemm(model, a, b, c, seed: seed, workers: threads, progress: { bar.update($0) })
            bar.finish()
        } catch let e as CLIError {
            throw CLIError.report("\(e.message)")
        } catch {
            throw CLIError.report("\(error)")
        }
        print(Self.render(d, model: model, style: output), terminator: "")
    }

    /// Reads a CSV matrix: one row per line, comma-separated numbers; blank lines and
    /// lines starting with # are skipped.
    static func readMatrix(_ path: String, name: String) throws -> Matrix {
        let url = URL(fileURLWithPath: path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber else {
            throw CLIError("cannot read \(name) file '\(path)'")
        }
        guard size.intValue <= maximumFileBytes else {
            throw CLIError("\(name) file '\(path)' is larger than \(maximumFileBytes >> 20) MiB")
        }
        guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else {
            throw CLIError("cannot read \(name) file '\(path)' as UTF-8 text")
        }
        var rows: [[Double]] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            var row: [Double] = []
            for (column, field) in trimmed.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
                let f = field.trimmingCharacters(in: .whitespaces)
                do { row.append(try parseNumber(f)) } catch {
                    throw CLIError("\(name) file '\(path)' line \(lineNumber), column \(column + 1): cannot parse '\(f)' as a number")
                }
            }
            if let first = rows.first, first.count != row.count {
                throw CLIError("\(name) file '\(path)' line \(lineNumber) has \(row.count) values, the first row has \(first.count) (ragged matrix)")
            }
            rows.append(row)
            if rows.count * row.count > gemmMaximumEntries {
                throw CLIError("\(name) file '\(path)' has more than \(gemmMaximumEntries) entries")
            }
        }
        guard !rows.isEmpty, !rows[0].isEmpty else { throw CLIError("\(name) file '\(path)' holds no values (empty matrix)") }
        return try Matrix(rows)
    }

    static func text(_ x: Double) -> String { x.description }

    static func jsonNumber(_ x: Double) -> String { x.isFinite ? x.description : "\"\(x.description)\"" }

    /// D in `style`; `nil` prints the bare rows (a matrix file).
    static func render(_ d: Matrix, model: MatrixUnitModel, style: OutputStyle?) -> String {
        switch style {
        case .json:
            let rows = d.rowArrays.map { "[" + $0.map(jsonNumber).joined(separator: ", ") + "]" }
            return "{\"unit\": \"\(model.name)\", \"parameters\": \"\(model.parameterString)\", \"rows\": \(d.rows), \"columns\": \(d.columns),\n \"d\": [\n  "
                + rows.joined(separator: ",\n  ") + "\n ]}\n"
        case .table:
            var t = TablePrinter(headers: (1...d.columns).map { "d[*,\($0)]" }, rightAligned: Set(0..<d.columns))
            for r in d.rowArrays { t.append(r.map(text)) }
            return t.render() + "\n"
        case .csv:
            return (1...d.columns).map { "d\($0)" }.joined(separator: ",") + "\n"
                + d.rowArrays.map { $0.map(text).joined(separator: ",") }.joined(separator: "\n") + "\n"
        case nil:
            return d.rowArrays.map { $0.map(text).joined(separator: ",") }.joined(separator: "\n") + "\n"
        }
    }

    static func unitList(_ style: OutputStyle) -> String {
        let presets = MatrixUnitModel.presets
        switch style {
        case .json:
            let items = presets.map { p in
                "  {\"name\": \"\(p.name)\", \"aliases\": [\((MatrixUnitModel.presetNames[p.name] ?? []).dropFirst().map { "\"\($0)\"" }.joined(separator: ", "))], \"parameters\": \"\(p.parameterString)\", \"source\": \"\(p.note.replacingOccurrences(of: "\"", with: "'"))\"}"
            }
            return "[\n" + items.joined(separator: ",\n") + "\n]\n"
        case .csv:
            var lines = ["name,aliases,parameters,source"]
            for p in presets {
                let aliases = (MatrixUnitModel.presetNames[p.name] ?? []).dropFirst().joined(separator: " ")
                lines.append("\(p.name),\(aliases),\"\(p.parameterString)\",\"\(p.note.replacingOccurrences(of: "\"", with: "'"))\"")
            }
            return lines.joined(separator: "\n") + "\n"
        case .table:
            var out = ""
            for p in presets {
                let aliases = (MatrixUnitModel.presetNames[p.name] ?? []).dropFirst()
                out += p.name + (aliases.isEmpty ? "" : " (also: \(aliases.joined(separator: ", ")))") + "\n"
                out += "  \(p.parameterString)\n  source: \(p.note)\n"
            }
            out += "\nCustom models: --unit key=value,... with keys "
                + MatrixUnitModel.parameterKeys.map(\.key).joined(separator: ", ") + "\n"
            return out
        }
    }
}
