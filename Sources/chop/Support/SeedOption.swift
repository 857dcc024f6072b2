import ArgumentParser
import Chop

/// `--seed`, the one seed rule of every command that draws random numbers.
///
/// With `--seed N` (an integer 0…2⁶⁴−1) the command uses N. Without it, the command
/// draws a fresh random seed and prints `chop: seed <n>` on stderr, so that the run
/// can be reproduced with `--seed <n>`; commands that end up drawing no random
/// numbers (a deterministic rounding mode, say) print nothing.
struct SeedOption: ParsableArguments {
    /// The random seed of this process, drawn once (an immutable lazily initialised
    /// constant, so every part of one run that asks for it gets the same seed).
    static let processRandomSeed = UInt64.random(in: .min ... .max)

    @Option(name: .long, help: "Seed of the random numbers (default: a random seed, printed to stderr as `chop: seed <n>`).")
    var seed: String?

    /// Checks `--seed` while the command line is parsed, before any command runs.
    mutating func validate() throws {
        _ = try validated()
    }

    /// Parses `--seed` without choosing a default (to validate before any output).
    /// - Throws: ``CLIError`` quoting a value that is not an integer 0…2⁶⁴−1.
    func validated() throws -> UInt64? {
        guard let seed else { return nil }
        if seed.hasPrefix("-"), seed.count > 1, seed.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw CLIError("invalid seed '\(seed)': seeds are not negative (expected an integer 0...\(UInt64.max))")
        }
        guard !seed.hasPrefix("+"), let value = UInt64(seed) else {
            throw CLIError("invalid seed '\(seed)' (expected an integer 0...\(UInt64.max))")
        }
        return value
    }

    /// The seed to use: `--seed`'s value, or, when `randomness` is true and no seed was
    /// given, a fresh random seed reported on stderr (`chop: seed <n>`). Without
    /// randomness and without `--seed`, 0 (never used).
    /// - Throws: ``CLIError`` for a malformed `--seed`.
    func resolve(usesRandomness randomness: Bool = true) throws -> UInt64 {
        let (value, announcement) = try resolveQuietly(usesRandomness: randomness)
        if let announcement { printToStandardError(announcement) }
        return value
    }

    /// The stderr line that reports a random seed.
    static func announcement(_ seed: UInt64) -> String { "chop: seed \(seed)" }

    /// As ``resolve(usesRandomness:)``, but returns the stderr line of a random seed
    /// instead of printing it (for commands that print it once input has been accepted).
    func resolveQuietly(usesRandomness randomness: Bool = true) throws -> (UInt64, announcement: String?) {
        if let value = try validated() { return (value, nil) }
        guard randomness else { return (0, nil) }
        let value = Self.processRandomSeed
        return (value, Self.announcement(value))
    }
}
