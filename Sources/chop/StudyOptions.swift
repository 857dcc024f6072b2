import ArgumentParser
import Chop
import Foundation
import RoundingStudies

/// Options shared by every `chop study` subcommand.
struct StudyOptions: ParsableArguments {
    @Option(name: .long, help: "Comma-separated formats (binary16, bfloat16, e4m3fn, ieee-e5m10, …).")
    var formats: String?

    @Option(name: .long, help: "Comma-separated rounding modes (nearest-even, toward-zero, stochastic, stochastic:<bits>, …; 'all' for every mode).")
    var modes: String?

    /// `--seed`: the seed of the random inputs and of stochastic rounding (the one
    /// seed rule, ``SeedOption``: a random seed, reported on stderr, when omitted).
    @OptionGroup var seedOption: SeedOption

    @Flag(name: .long, help: "Print CSV instead of an aligned table.")
    var csv = false

    @Flag(name: .long, help: "Print JSON (an array of objects) instead of an aligned table.")
    var json = false

    @Flag(name: .long, help: "Never draw the progress bar on stderr.")
    var noProgress = false

    func parsedFormats(default defaults: String) throws -> [FloatFormat] {
        try StudyParsing.list(formats ?? defaults, what: "--formats").map { try FloatFormat(named: $0) }
    }

    /// `--seed`, or this process's random seed (reported by ``progressBar(label:)``,
    /// once every argument has been validated).
    func parsedSeed() throws -> UInt64 {
        do {
            return try seedOption.validated() ?? SeedOption.processRandomSeed
        } catch let error as CLIError {
            throw StudyArgumentError(error.message)
        }
    }

    func parsedModes(default defaults: String) throws -> [RoundingMode] {
        let text = modes ?? defaults
        if text.lowercased() == "all" { return RoundingMode.all }
        return try StudyParsing.list(text, what: "--modes").map { try RoundingMode(named: $0) }
    }

    /// Renders `table` to stdout in the chosen form.
    func emit(_ table: StudyTable) {
        if json {
            print(table.renderedAsJSON(), terminator: "")
        } else if csv {
            print(table.renderedAsCSV(), terminator: "")
        } else {
            print(table.renderedAsText(), terminator: "")
        }
    }

    /// The progress bar of a study whose arguments are all valid; also reports the
    /// random seed (`chop: seed <n>`) when `--seed` was not given (`zoo` draws nothing).
    func progressBar(label: String) -> StudyProgressBar {
        if seedOption.seed == nil && label != "zoo" {
            printToStandardError(SeedOption.announcement(SeedOption.processRandomSeed))
        }
        return StudyProgressBar(label: label, enabled: !noProgress && isatty(STDERR_FILENO) != 0)
    }
}

/// Parsing of list and size arguments, with one-line errors naming the bad value.
enum StudyParsing {
    static func list(_ text: String, what: String) throws -> [String] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !items.isEmpty, !items.contains(where: \.isEmpty) else {
            throw StudyArgumentError("invalid \(what) list '\(text)' (expected comma-separated names)")
        }
        return items
    }

    /// Positive integers, written plainly or as 1e5, comma-separated.
    static func sizes(_ text: String, what: String) throws -> [Int] {
        try list(text, what: what).map { item in
            if let n = Int(item), n > 0 { return n }
            if let x = Double(item), x.isFinite, x >= 1, x <= 1e12, x == x.rounded() { return Int(x) }
            throw StudyArgumentError("invalid \(what) value '\(item)' (expected a positive integer)")
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

/// Runs `body`, turning any error into one line on stderr and exit status 2.
func withStudyErrors<T>(_ command: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("chop: error: study \(command): \(error)\n".utf8))
        throw ExitCode(2)
    }
}

/// A one-line progress bar on stderr, redrawn at most once per percent.
final class StudyProgressBar {
    let label: String
    let enabled: Bool
    private var shown = -1

    init(label: String, enabled: Bool) {
        self.label = label
        self.enabled = enabled
    }

    func update(_ fraction: Double) {
        guard enabled else { return }
        let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        guard percent != shown else { return }
        shown = percent
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)%".utf8))
    }

    func finish() {
        guard enabled, shown >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
