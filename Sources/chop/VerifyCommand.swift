import ArgumentParser
import Chop
import ChopMPFR
import Foundation

/// `chop verify`: the library against GNU MPFR.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the library bit for bit against GNU MPFR (statistically for stochastic modes).",
        discussion: """
            For each format and mode: every edge (exact ties, ties ±2^-40 relative and ±1 binary64 ulp, \
            min subnormal/2, max + ulp/2, ±0, NaN, ±inf, the subnormal range; every consecutive pair of \
            values for formats of 16 bits or fewer) plus N random inputs (random binary64 bit patterns, \
            values spread over the format's range, near-midpoints). Formats of 16 bits or fewer also \
            check that every encoding round-trips and rounds to itself. Stochastic modes: every outcome \
            must be one of the two MPFR neighbours; then up to 1000 inexact inputs get 1000 draws each \
            and the round-up count is tested against the exact probability, and the summed rounding \
            error against its exact expectation (Bernstein bounds, false-alarm rate 1e-9 per test).

            With --ops, the listed operations are checked instead of rounding (operands are values of \
            the format: exhaustive pairs for formats of 8 bits or fewer, every pair of special values, \
            and N random operand sets).

            `chop verify merge FILES… [--output table|csv|json]` combines shard results: it reports \
            missing, duplicated or inconsistent shards and exits 1 on them or on any mismatch.

            With --exhaustive convert|ops|elementary, every case of a finite space is checked \
            instead (see the ChopMPFR article on exhaustive verification): --shard K/N runs part K (0-based) of N, --json-out \
            FILE writes the shard's result for `chop verify merge`, --emit-slurm DIR writes a Slurm \
            job array for the space.

            Prints the rows on stdout (--output table, csv or json), progress on stderr; exits 1 \
            on any mismatch. Build in release for large N.

            Examples:
              chop verify --format bf16,e4m3fn --mode nearest-even,stochastic --seed 1
              chop verify --format fp16 --ops add,mul,fma --samples 10000 --output csv
              chop verify --exhaustive ops --format e4m3fn --shard 0/4 \\
                --json-out shard-0.json
              chop verify merge shard-*.json
              swift build -c release && .build/release/chop verify --samples 1000000
            """
    )

    @Option(name: .long, help: "A format, a comma-separated list, or all.")
    var format: FormatList = FormatList(argument: "all")!

    @Option(name: .long, help: "A rounding mode, a comma-separated list, or all.")
    var mode: ModeList = ModeList("all")

    @Option(name: .long, help: "Random inputs per format × mode (× operation), 0...100000000.")
    var samples: String = "100000"

    @OptionGroup var seedOption: SeedOption

    @Option(name: .long, help: "Operations to check instead of rounding: add,sub,mul,div,sqrt,fma or all.")
    var ops: String?

    @Option(name: .long, help: "Worker threads, 1...4096 (default: all cores).")
    var threads: String?

    @OptionGroup var outputOption: OutputOption

    @OptionGroup var progressOption: ProgressOption

    @OptionGroup var exhaustive: VerifyExhaustiveOptions

    @Argument(help: "merge FILES…: combine the JSON results of exhaustive shards.")
    var arguments: [String] = []

    /// The checked settings of a sampled (not exhaustive) run.
    struct Plan {
        var formats: [FloatFormat]
        var modes: [RoundingMode]
        var operations: [ReferenceOperation]?
        var samples: Int
        var threads: Int?
    }

    func plan() throws -> Plan {
        try validating {
            Plan(formats: try VerifyLists.formats(format.text), modes: try VerifyLists.modes(mode.text),
                 operations: try ops.map { try VerifyLists.operations($0) },
                 samples: try VerifyLists.samples(samples), threads: try VerifyLists.threads(threads))
        }
    }

    mutating func validate() throws {
        _ = try seedOption.validated()
        if arguments.isEmpty && exhaustive.space == nil {
            _ = try plan()
            try exhaustive.rejectWithoutSpace()
        }
    }

    func run() throws {
        if let first = arguments.first {
            guard first == "merge" else {
                throw CLIError.report("unexpected argument '\(first)' (the only action is: merge FILES…)")
            }
            try VerifyMerge(files: Array(arguments.dropFirst()), output: outputOption.output).run()
            return
        }
        if exhaustive.space != nil {
            try exhaustive.run(format: format.text, mode: mode.text, ops: ops, threads: threads,
                               output: outputOption.output, progress: progressOption)
            return
        }
        let plan = try plan()
        let randomness = plan.samples > 0 || plan.modes.contains(where: \.isStochastic)
        let seed = try validating { try seedOption.resolve(usesRandomness: randomness) }
        let verifier = Verifier(seed: seed, threads: plan.threads)
        if let note = verifier.threadNote { printToStandardError("chop verify: note: \(note)") }
        var rows: [VerificationRow] = []
        let start = Date()
        let progress = progressOption.reporter("chop verify")
        // Work units: one per format × mode (× operation), roughly equal.
        let units = Double(plan.formats.count * (plan.operations?.count ?? 1))
        var done = 0.0
        for format in plan.formats {
            progress.update(done / units)
            if let operations = plan.operations {
                for op in operations {
                    rows += verifier.verifyOperation(
                        op, format: format, modes: plan.modes, samples: plan.samples, library: Verifier.libraryArithmetic)
                    done += 1
                    progress.update(done / units)
                }
            } else {
                rows += verifier.verifyEncodings(format: format, modes: plan.modes) ?? []
                rows += verifier.verifyRounding(format: format, modes: plan.modes, samples: plan.samples)
                done += 1
            }
        }
        progress.finish()
        var table = ResultTable(columns: ["format", "mode", "op", "checked", "mismatches", "first_mismatch", "statistics"])
        for r in rows {
            table.append([.text(r.format), .text(r.mode), .text(r.operation), .integer(r.checked), .integer(r.mismatches),
                          r.firstMismatch.map(ResultCell.text) ?? .missing, r.note.map(ResultCell.text) ?? .missing])
        }
        print(table.rendered(outputOption.output), terminator: "")
        let failing = rows.filter { !$0.passed }.count
        let total = rows.reduce(0) { $0 + $1.checked }
        let summary = String(format: "%d rows, %d checks, %d failing rows, %.1f s", rows.count, total, failing,
                             Date().timeIntervalSince(start))
        // The summary closes the table; CSV and JSON hold only rows (the summary goes to stderr).
        if outputOption.output == .table { print(summary) } else { printToStandardError("chop verify: " + summary) }
        if failing > 0 { throw ExitCode(1) }
    }
}
