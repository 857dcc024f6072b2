import Chop

/// Parses one number written on the command line or on a line of stdin, exactly.
///
/// Accepts decimal literals of any length (`0.1`, `-1e-30`, `1e400`), C99 hex-float
/// literals (`0x1.8p-3`, `-0x1p-1080`), `nan`, `inf`, `-inf`, `infinity` (any case),
/// with surrounding spaces and tabs ignored. Nothing is rounded here: the result is
/// rounded once, from its exact value, by ``NumberLiteral/rounded(to:mode:using:)``.
/// - Throws: ``CLIError`` quoting the text when it is not one number (`2 3`, `1.2.3`, a
///   NUL byte) or exceeds ``NumberLiteral``'s limits.
func parseLiteral(_ raw: String) throws -> NumberLiteral {
    var s = raw
    return try s.withUTF8 { try parseLiteral(utf8: $0) }
}

/// ``parseLiteral(_:)`` on UTF-8 bytes (one line of stdin, without its newline).
func parseLiteral(utf8 line: UnsafeBufferPointer<UInt8>) throws -> NumberLiteral {
    var start = 0, end = line.count
    func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
    while start < end && isBlank(line[start]) { start += 1 }
    while end > start && isBlank(line[end - 1]) { end -= 1 }
    do {
        return try NumberLiteral(utf8: UnsafeBufferPointer(rebasing: line[start..<end]))
    } catch let error as NumberTextError {
        throw CLIError(error.description)
    }
}

/// Parses a number into the nearest binary64 value (ties to even), for inputs that
/// are binary64 data (CSV matrices, tables).
/// - Throws: ``CLIError`` quoting the text when it is not a number.
func parseNumber(_ raw: String) throws -> Double {
    try parseLiteral(raw).nearestDouble
}
