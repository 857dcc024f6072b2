/// A bad study parameter. Each case names the bad value in a one-line message.
public enum StudyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A count outside its limit: what it counts, and the value.
    case invalidSize(String, Int)
    /// A value not accepted: what it is, and the value as text.
    case invalidParameter(String, String)

    /// The one-line message, quoting the bad value (what the CLI prints after `chop: error:`).
    public var description: String {
        switch self {
        case .invalidSize(let what, let n): return "invalid \(what) \(n) (expected a positive integer within the study's limit)"
        case .invalidParameter(let what, let value): return "invalid \(what) '\(value)'"
        }
    }
}
