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
            instead (see docs/verification.md): --shard K/N runs part K (0-based) of N, --json-out \
            FILE writes the shard's result for `chop verify merge`, --emit-slurm DIR writes a Slurm \
            job array for the space.

            Prints a table on stdout, progress on stderr; exits 1 on any mismatch. Build in release \
            for large N: swift build -c release && .build/release/chop verify --samples 1000000
            """
    )

    @Option(name: .long, help: "A format, a comma-separated list, or all.")
    var format: String = "all"

    @Option(name: .long, help: "A rounding mode, a comma-separated list, or all.")
    var mode: String = "all"

    @Option(name: .long, help: "Random inputs per format × mode (× operation).")
    var samples: String = "100000"

    @Option(name: .long, help: "Seed of the random inputs and draws.")
    var seed: String = "1"

    @Option(name: .long, help: "Operations to check instead of rounding: add,sub,mul,div,sqrt,fma or all.")
    var ops: String?

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: String?

    @OptionGroup var exhaustive: VerifyExhaustiveOptions

    @Argument(help: "merge FILES…: combine the JSON results of exhaustive shards.")
    var arguments: [String] = []

    func run() throws {
        if let first = arguments.first {
            guard first == "merge" else {
                throw CLIError.report("unexpected argument '\(first)' (the only action is: merge FILES…)")
            }
            try VerifyMerge(files: Array(arguments.dropFirst()), output: exhaustive.output).run()
            return
        }
        if exhaustive.space != nil {
            try exhaustive.run(format: format, mode: mode, ops: ops, threads: threads)
            return
        }
        try exhaustive.rejectWithoutSpace()
        let (formats, modes, operations, samples, seed, threads) = try validating {
            () throws -> ([FloatFormat], [RoundingMode], [ReferenceOperation]?, Int, UInt64, Int?) in
            let samples = try VerifyLists.samples(self.samples)
            guard let seed = UInt64(self.seed) else {
                throw CLIError("invalid seed '\(self.seed)' (expected an integer 0...\(UInt64.max))")
            }
            var threads: Int?
            if let text = self.threads {
                guard let t = Int(text), t >= 1 else {
                    throw CLIError("invalid thread count '\(text)' (expected 1 or more)")
                }
                threads = t
            }
            let formats = format.lowercased() == "all" ? FloatFormat.builtIns : try VerifyLists.formats(format)
            let modes = try VerifyLists.modes(mode)
            let operations = try ops.map { try VerifyLists.operations($0) }
            return (formats, modes, operations, samples, seed, threads)
        }
        let verifier = Verifier(seed: seed, threads: threads)
        if let note = verifier.threadNote { printToStandardError("chop verify: note: \(note)") }
        var rows: [VerificationRow] = []
        let start = Date()
        for format in formats {
            let t0 = Date()
            var newRows: [VerificationRow] = []
            if let operations {
                for op in operations {
                    newRows += verifier.verifyOperation(
                        op, format: format, modes: modes, samples: samples, library: Verifier.libraryArithmetic)
                }
            } else {
                newRows += verifier.verifyEncodings(format: format, modes: modes) ?? []
                newRows += verifier.verifyRounding(format: format, modes: modes, samples: samples)
            }
            let bad = newRows.filter { !$0.passed }.count
            printToStandardError(String(
                format: "chop verify: %@ done in %.1f s (%d rows, %d failing)",
                format.name, Date().timeIntervalSince(t0), newRows.count, bad))
            rows += newRows
        }
        var table = TablePrinter(
            headers: ["format", "mode", "op", "checked", "mismatches", "first mismatch / statistics"],
            rightAligned: [3, 4])
        for r in rows {
            table.append([r.format, r.mode, r.operation, "\(r.checked)", "\(r.mismatches)",
                          r.firstMismatch ?? r.note ?? ""])
        }
        print(table.render())
        let failing = rows.filter { !$0.passed }.count
        let total = rows.reduce(0) { $0 + $1.checked }
        print(String(format: "%d rows, %d checks, %d failing rows, %.1f s", rows.count, total, failing,
                     Date().timeIntervalSince(start)))
        if failing > 0 { throw ExitCode(1) }
    }
}
