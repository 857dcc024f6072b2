import ArgumentParser
import Chop

/// A `--format` value as typed: a catalogue name or alias (`bf16`), a custom
/// `ieee-e<E>m<M>`, with optional `+nosub` / `+sat`. Resolved by
/// ``resolveFormat(_:noSubnormals:saturate:)`` in the commands' `validate()`, which
/// quotes a bad name; shell completion offers the catalogue's names.
struct FormatName: ExpressibleByArgument, CustomStringConvertible {
    var text: String
    init?(argument: String) { text = argument }
    var description: String { text }
    static var defaultCompletionKind: CompletionKind { .list(FloatFormat.builtIns.map(\.name)) }
}

/// A comma-separated list of formats (`--formats binary16,bfloat16`; `all` for every
/// built-in format where a command accepts it). Completion offers the catalogue.
struct FormatList: ExpressibleByArgument, CustomStringConvertible {
    var text: String
    init?(argument: String) { text = argument }
    var description: String { text }
    static var defaultCompletionKind: CompletionKind { .list(FloatFormat.builtIns.map(\.name)) }
}

/// The rounding mode names `--mode` accepts (besides `stochastic:<bits>`).
let roundingModeNames = ["nearest-even", "nearest-away", "toward-zero", "toward-positive", "toward-negative",
                         "to-odd", "stochastic", "stochastic-equal"]

/// A `--mode` value as typed (resolved by ``resolveMode(_:)`` in `validate()`).
struct ModeName: ExpressibleByArgument, CustomStringConvertible {
    var text: String
    init?(argument: String) { text = argument }
    init(_ text: String) { self.text = text }
    var description: String { text }
    static var defaultCompletionKind: CompletionKind { .list(roundingModeNames) }
}

/// A comma-separated list of rounding modes, or `all`.
struct ModeList: ExpressibleByArgument, CustomStringConvertible {
    var text: String
    init?(argument: String) { text = argument }
    init(_ text: String) { self.text = text }
    var description: String { text }
    static var defaultCompletionKind: CompletionKind { .list(roundingModeNames + ["all"]) }
}
