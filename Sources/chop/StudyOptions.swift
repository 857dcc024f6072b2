import ArgumentParser
import Chop
import Foundation
import RoundingStudies

/// Options shared by every `chop study` subcommand.
struct StudyOptions: ParsableArguments {
    @Option(name: .long, help: "Comma-separated formats (binary16, bfloat16, e4m3fn, ieee-e5m10, …).")
    var formats: FormatList?

    @Option(name: .long, help: "Comma-separated rounding modes (nearest-even, toward-zero, stochastic, stochastic:<bits>, …; 'all' for every mode).")
    var modes: ModeList?

    /// `--seed`: the seed of the random inputs and of stochastic rounding (the one
    /// seed rule, ``SeedOption``: a random seed, reported on stderr, when omitted).
    @OptionGroup var seedOption: SeedOption

    @OptionGroup var outputOption: OutputOption

    @OptionGroup var progressOption: ProgressOption

    /// Checks the shared options before anything runs (the studies check the rest).
    mutating func validate() throws {
        if let formats { _ = try parsedFormats(default: formats.text) }
        if let modes { _ = try parsedModes(default: modes.text) }
        _ = try seedOption.validated()
    }

    func parsedFormats(default defaults: String) throws -> [FloatFormat] {
        try StudyParsing.list(formats?.text ?? defaults, what: "--formats").map { try resolveFormat($0) }
    }

    /// `--seed`, or this process's random seed (reported by ``progressBar(label:)``,
    /// once every argument has been validated).
    func parsedSeed() throws -> UInt64 {
        try seedOption.validated() ?? SeedOption.processRandomSeed
    }

    func parsedModes(default defaults: String) throws -> [RoundingMode] {
        let text = modes?.text ?? defaults
        if text.lowercased() == "all" { return RoundingMode.all }
        return try StudyParsing.list(text, what: "--modes").map { try resolveMode($0) }
    }

    /// Prints `table` on stdout in the `--output` style.
    func emit(_ table: StudyTable) {
        switch outputOption.output {
        case .json: print(table.renderedAsJSON(), terminator: "")
        case .csv: print(table.renderedAsCSV(), terminator: "")
        case .table: print(table.renderedAsText(), terminator: "")
        }
    }

    /// The progress reporter of a study whose arguments are all valid; also reports
    /// the random seed (`chop: seed <n>`) when `--seed` was not given (`zoo` draws
    /// nothing).
    func progressBar(label: String) -> Progress {
        if seedOption.seed == nil && label != "zoo" {
            printToStandardError(SeedOption.announcement(SeedOption.processRandomSeed))
        }
        return progressOption.reporter("chop study \(label)")
    }
}

/// Parsing of list and size arguments, with one-line errors naming the bad value.
enum StudyParsing {
    static func list(_ text: String, what: String) throws -> [String] {
        try commaSeparatedItems(text, option: what)
    }

    /// Positive integers, written plainly or as 1e5, comma-separated.
    static func sizes(_ text: String, what: String) throws -> [Int] {
        try list(text, what: what).map { item in
            if let n = Int(item), n > 0 { return n }
            if let x = Double(item), x.isFinite, x >= 1, x <= 1e12, x == x.rounded() { return Int(x) }
            throw StudyArgumentError("invalid \(what) value '\(shownName(item))' (expected a positive integer)")
        }
    }

    static func positiveReal(_ text: String, what: String) throws -> Double {
        guard let x = Double(text), x.isFinite, x > 0 else {
            throw StudyArgumentError("invalid \(what) value '\(text)' (expected a positive number)")
        }
        return x
    }
}

/// A bad command-line value: reported as one line on stderr with exit status 2.
struct StudyArgumentError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body`, turning any error into one line on stderr and exit status 2. A size
/// the study refuses (``StudyError/invalidSize(_:_:)``) is reported with the text typed
/// in the option of `sizes` (option name, its text) that holds it.
func withStudyErrors<T>(_ command: String, sizes: [(String, String)] = [], _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch StudyError.invalidSize(let what, let n) {
        for (option, text) in sizes {
            let items = (try? StudyParsing.list(text, what: option)) ?? []
            if let typed = items.first(where: { (try? StudyParsing.sizes($0, what: option))?.first == n }) {
                throw CLIError.report("invalid \(option) value '\(typed)': \(what) \(n) is beyond the study's limit")
            }
        }
        throw CLIError.report("invalid \(what) \(n) (beyond the study's limit)")
    } catch {
        throw CLIError.report("\(error)")
    }
}

