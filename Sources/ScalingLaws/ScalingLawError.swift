/// Bad input to a law, a data set or a fit; every case has a one-line message.
public enum ScalingLawError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A law name not in the catalogue.
    case unknownLaw(String)
    /// A column the law needs is missing from the data's header.
    case missingColumn(String, available: [String])
    /// A cell that is not a number.
    case badValue(row: Int, column: String, text: String)
    /// A value outside its variable's domain (or a non-positive response).
    case outOfDomain(row: Int, column: String, value: Double, requirement: String)
    /// Fewer data rows than the law needs (its parameter count + 1).
    case tooFewRows(have: Int, need: Int)
    /// A constant the law needs was not given.
    case missingConstant(String)
    /// The law ships no published constants.
    case noPublishedConstants(String)
    /// A law whose definition is inconsistent (bounds, grid, unknown symbols).
    case invalidLaw(String)
    /// Any other bad argument (the message names it).
    case invalidArgument(String)

    /// The one-line message, quoting the bad value (what the CLI prints after `chop: error:`).
    public var description: String {
        switch self {
        case .unknownLaw(let name):
            return "unknown law '\(name)' (known: \(ScalingLaw.catalogue.map(\.name).joined(separator: ", ")))"
        case .missingColumn(let c, let available):
            return "missing column '\(c)' (the header has: \(available.joined(separator: ", ")))"
        case .badValue(let row, let column, let text):
            return "row \(row), column '\(column)': '\(text)' is not a number"
        case .outOfDomain(let row, let column, let value, let requirement):
            return "row \(row), column '\(column)': \(value) must be \(requirement)"
        case .tooFewRows(let have, let need):
            return "too few rows: \(have) data rows, the law needs at least \(need)"
        case .missingConstant(let name):
            return "missing constant '\(name)'"
        case .noPublishedConstants(let law):
            return "no published constants are shipped for law '\(law)'; fit it with `chop fit --law \(law) --data FILE --json` and pass --constants"
        case .invalidLaw(let why):
            return "invalid law: \(why)"
        case .invalidArgument(let why):
            return why
        }
    }
}
