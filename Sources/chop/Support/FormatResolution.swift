import Chop

/// Looks up `--format` and applies `--no-subnormals` / `--saturate`.
///
/// Variants are named after their base, `binary16+nosub`, `e5m2+sat`, and those
/// names are accepted back (so `chop verify --format e4m3fn+sat,fp16+nosub` works).
/// - Throws: ``CLIError`` (via the library's ``FormatError``) naming the bad value.
func resolveFormat(_ name: String, noSubnormals: Bool = false, saturate: Bool = false) throws -> FloatFormat {
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
        throw CLIError("\(error)")
    }
}
