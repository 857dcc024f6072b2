/// A bad study parameter. Each case names the bad value in a one-line message.
public enum StudyError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidSize(String, Int)
    case invalidParameter(String, String)

    public var description: String {
        switch self {
        case .invalidSize(let what, let n): return "invalid \(what) \(n) (expected a positive integer within the study's limit)"
        case .invalidParameter(let what, let value): return "invalid \(what) '\(value)'"
        }
    }
}
