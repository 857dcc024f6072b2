import ArgumentParser
import Chop
import ChopMPFR
import Foundation

/// `chop verify --exhaustive SPACE …`: every case of finite spaces against MPFR.
struct VerifyExhaustiveOptions: ParsableArguments {
    @Option(name: .customLong("exhaustive"),
            help: "Check every case of a space: convert, ops or elementary (with --format, --source, --ops, --function, --mode).")
    var space: String?

    @Option(name: .long, help: "convert: the source formats, ≤ 32 bits (comma-separated).")
    var source: String = "binary16"

    @Option(name: .long, help: "elementary: the functions (exp,…,erfc,pow or all).")
    var function: String = "all"

    @Option(name: .long, help: "Run part K (0-based) of N deterministic, disjoint parts of every space: K/N.")
    var shard: String?

    @Option(name: .long, help: "Write the result as JSON to this file (for `chop verify merge`).")
    var jsonOut: String?

    @Option(name: .long, help: "elementary: the library side, correctly-rounded (default) or libm (rounded libm values).")
    var elementaryLibrary: String = "correctly-rounded"

    @Option(name: .long, help: "ops: FMA triples, complete (formats ≤ 8 bits) or subset (every pair × 12 addends); default complete up to 6 bits.")
    var fmaTriples: String?

    @Option(name: .long, help: "elementary: check N random encodings per function instead of every input (formats up to 32 bits; at most 10^10).")
    var random: String?

    @Option(name: .long, help: "Write Slurm scripts (job array + dependent merge) for the space into this directory, then exit.")
    var emitSlurm: String?

    @Option(name: .long, help: "With --emit-slurm: the number of array tasks (shards).")
    var shards: String = "8"

    /// Options meaningful only with --exhaustive.
    func rejectWithoutSpace() throws {
        try validating {
            let given: [(String, Bool)] = [
                ("--shard", shard != nil), ("--json-out", jsonOut != nil), ("--emit-slurm", emitSlurm != nil),
                ("--random", random != nil), ("--fma-triples", fmaTriples != nil),
            ]
            if let (name, _) = given.first(where: { $0.1 }) {
                throw CLIError("\(name) needs --exhaustive convert|ops|elementary")
            }
        }
    }

    /// The spaces and settings, validated.
    struct Plan {
        var spaces: [ExhaustiveSpace]
        var shard: ShardSpec
        var threads: Int?
        var library: ExhaustiveVerifier.ElementaryLibrary
        /// The options that reproduce the spaces (for --emit-slurm).
        var arguments: [String]
    }

    func plan(format: String, mode: String, ops: String?, threads: String?) throws -> Plan {
        try validating {
            guard let kind = space, ["convert", "ops", "elementary"].contains(kind) else {
                throw CLIError("unknown exhaustive space '\(space ?? "")' (expected convert, ops or elementary)")
            }
            guard let library = ExhaustiveVerifier.ElementaryLibrary(rawValue: elementaryLibrary) else {
                throw CLIError("invalid --elementary-library '\(elementaryLibrary)' (expected correctly-rounded or libm)")
            }
            var shardSpec = ShardSpec.whole
            if let shard {
                guard let s = ShardSpec(parsing: shard) else {
                    throw CLIError("invalid shard '\(shard)' (expected K/N with 0 ≤ K < N ≤ \(ShardSpec.maximumCount))")
                }
                shardSpec = s
            }
            let threadCount = try VerifyLists.threads(threads)
            let modes = try VerifyLists.modes(mode)
            var complete: Bool?
            if let fmaTriples {
                guard ["complete", "subset"].contains(fmaTriples) else {
                    throw CLIError("invalid --fma-triples '\(fmaTriples)' (expected complete or subset)")
                }
                complete = fmaTriples == "complete"
            }
            let all = format.lowercased() == "all"
            _ = try VerifyLists.formats(format)  // every item valid (all,bogus names 'bogus')
            var spaces: [ExhaustiveSpace] = []
            var arguments = ["--exhaustive", kind, "--mode", mode]
            switch kind {
            case "convert":
                let sources = try VerifyLists.formats(source, option: "--source")
                arguments += ["--source", source, "--format", format]
                for s in sources {
                    guard s.bitWidth <= ExhaustiveSpace.maximumConvertBits else {
                        throw CLIError("source format '\(s.name)' is too wide for an exhaustive space (at most \(ExhaustiveSpace.maximumConvertBits) bits)")
                    }
                    let targets = all
                        ? FloatFormat.builtIns.filter { $0.bitWidth < s.bitWidth }
                        : try VerifyLists.formats(format)
                    for t in targets { spaces.append(try ExhaustiveSpace(.convert(source: s, target: t), modes: modes)) }
                }
            case "ops":
                let formats = all ? FloatFormat.builtIns.filter { $0.bitWidth <= 8 } : try VerifyLists.formats(format)
                let operations = try VerifyLists.operations(ops ?? "all")
                arguments += ["--format", format, "--ops", ops ?? "all"] + (fmaTriples.map { ["--fma-triples", $0] } ?? [])
                for f in formats {
                    for op in operations {
                        if complete == true && op == .fusedMultiplyAdd && f.bitWidth > 8 {
                            throw CLIError("--fma-triples complete needs a format of at most 8 bits, not '\(f.name)'")
                        }
                        spaces.append(try space(.operation(op, f), modes, f, completeTriples: complete))
                    }
                }
            default:
                var samples: UInt64?
                if let random {
                    guard let n = UInt64(random), n >= 1, n <= 10_000_000_000 else {
                        throw CLIError("invalid --random count '\(random)' (expected 1...10000000000)")
                    }
                    samples = n
                }
                let formats = all ? FloatFormat.builtIns.filter { $0.bitWidth <= 16 } : try VerifyLists.formats(format)
                let functions = try VerifyLists.functions(function)
                arguments += ["--format", format, "--function", function, "--elementary-library", elementaryLibrary]
                    + (random.map { ["--random", $0] } ?? [])
                for f in formats {
                    for fn in functions where fn.arity == 1 || f.bitWidth <= 8 || function.lowercased() != "all" {
                        if let samples {
                            guard f.bitWidth <= ExhaustiveSpace.maximumConvertBits else {
                                throw CLIError("format '\(f.name)' is too wide for a sampled space (at most \(ExhaustiveSpace.maximumConvertBits) bits)")
                            }
                            spaces.append(try ExhaustiveSpace(.elementary(fn, f), modes: modes, randomSamples: samples))
                        } else {
                            spaces.append(try space(.elementary(fn, f), modes, f))
                        }
                    }
                }
            }
            return Plan(spaces: spaces, shard: shardSpec, threads: threadCount, library: library,
                        arguments: arguments)
        }
    }

    private func space(
        _ kind: ExhaustiveSpace.Kind, _ modes: [RoundingMode], _ f: FloatFormat, completeTriples: Bool? = nil
    ) throws -> ExhaustiveSpace {
        guard f.bitWidth <= ExhaustiveSpace.maximumOperandBits else {
            throw CLIError("format '\(f.name)' is too wide for an exhaustive space (at most \(ExhaustiveSpace.maximumOperandBits) bits)")
        }
        return try ExhaustiveSpace(kind, modes: modes, completeTriples: completeTriples)
    }

    func run(format: String, mode: String, ops: String?, threads: String?, output: OutputStyle,
             progress: ProgressOption) throws {
        let plan = try plan(format: format, mode: mode, ops: ops, threads: threads)
        if let dir = emitSlurm {
            let count = try validating { () throws -> Int in
                guard let n = Int(shards), n >= 1, n <= ShardSpec.maximumCount else {
                    throw CLIError("invalid shard count '\(shards)' (expected 1...\(ShardSpec.maximumCount))")
                }
                return n
            }
            try SlurmScripts(directory: dir, arguments: plan.arguments, shards: count, threads: plan.threads ?? 1).write()
            return
        }
        var verifier = ExhaustiveVerifier(threads: plan.threads)
        verifier.elementaryLibrary = plan.library
        if let note = verifier.threadNote { printToStandardError("chop verify: note: \(note)") }
        var results: [ExhaustiveResult] = []
        let total = plan.spaces.reduce(UInt64(0)) { $0 + $1.count }
        printToStandardError("chop verify: \(plan.spaces.count) spaces, \(total) cases in all, shard \(plan.shard), \(verifier.threads) threads")
        for space in plan.spaces {
            let reporter = progress.reporter("chop verify: \(space.name)")
            let r = verifier.run(space, shard: plan.shard) { reporter.update($0) }
            reporter.finish()
            printToStandardError(String(
                format: "chop verify: %@: %llu checks, %llu mismatches, %.1f s (%.0f checks/s/core)",
                space.name, r.checked, r.mismatches, r.seconds, Double(r.checked) / max(r.cpuSeconds, 1e-9)))
            results.append(r)
        }
        let report = ExhaustiveReport(results: results)
        if let path = jsonOut {
            do {
                try VerifyOutput.json(report).write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw CLIError.report("cannot write --json-out '\(path)': \(error.localizedDescription)")
            }
        }
        VerifyOutput.print(MergedSpace.merge(results), style: output, report: report)
        if results.contains(where: { $0.mismatches > 0 }) { throw ExitCode(1) }
    }
}
