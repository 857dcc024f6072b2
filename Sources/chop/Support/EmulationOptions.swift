import ArgumentParser
import Chop

/// The options every command that rounds into one format shares: the format, the
/// rounding mode, the seed of the stochastic modes, and the two format variants.
struct EmulationOptions: ParsableArguments {
    @Option(name: .long, help: "The format (`chop formats`, or ieee-e<E>m<M>).")
    var format: String

    @Option(name: .long, help: "The rounding mode: nearest-even, nearest-away, toward-zero, toward-positive, toward-negative, to-odd, stochastic, stochastic:<bits>, stochastic-equal.")
    var mode: String = "nearest-even"

    @Option(name: .long, help: "Seed for the stochastic modes (`round`: a random seed when omitted; `calc`: 0).")
    var seed: String?

    @Flag(name: .long, help: "Round onto zero and the normal numbers only.")
    var noSubnormals = false

    @Flag(name: .long, help: "Saturate on overflow (±max instead of ±inf/NaN).")
    var saturate = false

    /// The format, mode and seed, validated (a `CLIError` naming the bad value
    /// otherwise). `defaultSeed` is used when `--seed` is not given.
    func resolve(defaultSeed: @autoclosure () -> UInt64) throws -> (FloatFormat, RoundingMode, UInt64) {
        let format = try resolveFormat(self.format, noSubnormals: noSubnormals, saturate: saturate)
        let mode = try resolveMode(self.mode)
        guard let seed else { return (format, mode, defaultSeed()) }
        guard let value = UInt64(seed) else {
            throw CLIError("invalid seed '\(seed)' (expected an integer 0...\(UInt64.max))")
        }
        return (format, mode, value)
    }
}
