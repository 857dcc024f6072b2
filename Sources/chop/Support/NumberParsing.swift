/// Parses one number written on the command line or on a line of stdin.
///
/// Accepts decimal literals (`0.1`, `-1e-30`, `5e-324`), C99 hex-float literals
/// (`0x1.8p-3`, `-0x1p-1074`), `nan`, `inf`, `-inf`, `infinity` (any case), with
/// surrounding whitespace ignored. Decimal literals are converted to the nearest
/// binary64 value (round to nearest even), like every C library does; hex floats
/// with at most 53 significant bits are exact.
/// - Throws: ``CLIError`` naming the text when it is not a number.
func parseNumber(_ raw: String) throws -> Double {
    let text = raw.trimmingCharacters(in: .whitespaces)
    let lower = text.lowercased()
    switch lower {
    case "nan", "+nan": return .nan
    case "-nan": return -Double.nan
    case "inf", "+inf", "infinity", "+infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    default: break
    }
    // Swift's parser also takes "snan" and hex without a 'p'; keep to the documented forms.
    guard !lower.contains("nan"), !lower.contains("inf"), let value = Double(text) else {
        throw CLIError("cannot parse '\(raw)' as a number (expected a decimal or hex-float literal, nan, inf or -inf)")
    }
    return value
}

import Foundation
