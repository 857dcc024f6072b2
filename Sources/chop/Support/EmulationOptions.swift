import ArgumentParser
import Chop

/// The options every command that rounds into one format shares: the format, the
/// rounding mode, the seed of the stochastic modes, and the two format variants.
struct EmulationOptions: ParsableArguments {
    @Option(name: .long, help: "The format (`chop formats`, or ieee-e<E>m<M>).")
    var format: FormatName

    @Option(name: .long, help: "The rounding mode: nearest-even, nearest-away, toward-zero, toward-positive, toward-negative, to-odd, stochastic, stochastic:<bits>, stochastic-equal.")
    var mode = ModeName("nearest-even")

    @OptionGroup var seedOption: SeedOption

    @Flag(name: .long, help: "Round onto zero and the normal numbers only.")
    var noSubnormals = false

    @Flag(name: .long, help: "Saturate on overflow (±max instead of ±inf/NaN).")
    var saturate = false

    /// Checks the format, mode and seed while the command line is parsed.
    mutating func validate() throws {
        _ = try resolveQuietly()
    }

    /// The format, mode and seed, validated (a `CLIError` naming the bad value
    /// otherwise). The seed follows ``SeedOption``'s rule: `--seed`, or, for a
    /// stochastic mode, a random seed reported on stderr.
    func resolve() throws -> (FloatFormat, RoundingMode, UInt64) {
        let (format, mode, seed, announcement) = try resolveQuietly()
        if let announcement { printToStandardError(announcement) }
        return (format, mode, seed)
    }

    /// As ``resolve()``, returning the random seed's stderr line instead of printing it.
    func resolveQuietly() throws -> (FloatFormat, RoundingMode, UInt64, announcement: String?) {
        let format = try resolveFormat(self.format.text, noSubnormals: noSubnormals, saturate: saturate)
        let mode = try resolveMode(self.mode.text)
        let (seed, announcement) = try seedOption.resolveQuietly(usesRandomness: mode.isStochastic)
        return (format, mode, seed, announcement)
    }
}
