import Chop

/// Looks up `--format` and applies `--no-subnormals` / `--saturate`.
///
/// Variants are named after their base, `binary16+nosub`, `e5m2+sat`, and those
/// names are accepted back (so `chop verify --format e4m3fn+sat,fp16+nosub` works).
/// - Throws: ``CLIError`` (via the library's ``FormatError``) naming the bad value.
func resolveFormat(_ name: String, noSubnormals: Bool = false, saturate: Bool = false) throws -> FloatFormat {
    // Names are plain words: no spaces, no control or invisible characters.
    guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
        throw CLIError("unknown format '\(shownName(name))' (try `chop formats`, or ieee-e<E>m<M>)")
    }
    var base = name.lowercased()
    var noSubnormals = noSubnormals, saturate = saturate
    while true {
        if base.hasSuffix("+nosub") {
            base.removeLast(6)
            noSubnormals = true
        } else if base.hasSuffix("+sat") {
            base.removeLast(4)
            saturate = true
        } else {
            break
        }
    }
    var format: FloatFormat
    do {
        format = try FloatFormat(named: base)
    } catch FormatError.unknownName {
        throw CLIError("\(FormatError.unknownName(name))")
    } catch FormatError.invalidParameter(let problem) {
        throw CLIError("invalid format '\(name)': \(problem)")
    } catch {
        throw CLIError("\(error)")
    }
    if noSubnormals && format.subnormals {
        format = format.withoutSubnormals()
        format.name += "+nosub"
    }
    if saturate && format.overflow != .saturate {
        format = format.saturating()
        format.name += "+sat"
    }
    return format
}

/// Parses `--mode`.
/// - Throws: ``CLIError`` naming the bad value.
func resolveMode(_ name: String) throws -> RoundingMode {
    do {
        return try RoundingMode(named: name)
    } catch {
        let message = "\(error)"
        if message.contains("'\(name)'") { throw CLIError(message) }
        throw CLIError("invalid rounding mode '\(shownName(name))': \(message)")
    }
}

/// A user-typed name for an error message: control characters escaped, long names
/// shortened.
func shownName(_ name: String) -> String {
    shortened(escapingControlCharacters(name))
}

/// `text` with every control character and line or paragraph separator (C0, DEL, C1,
/// U+2028, U+2029) written as `\u{hex}`, so that it prints on one line.
func escapingControlCharacters(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isLineBreaking) else { return text }
    return text.unicodeScalars.map { isLineBreaking($0) ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
}

private func isLineBreaking(_ s: Unicode.Scalar) -> Bool {
    s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
}
