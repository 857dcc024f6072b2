import Chop
import ChopMPFR

import ArgumentParser

/// How `chop round` writes a value (`--notation`).
enum ValueNotation: String, CaseIterable, ExpressibleByArgument {
    /// The shortest decimal that reads back to the same binary64 value (`0.1`,
    /// `65504.0`, `1e-05`, `-0.0`, `inf`, `-inf`, `nan`).
    case decimal
    /// The shortest decimal that reads back (to nearest) to the same value *of the
    /// format*, as typed floats print: bfloat16's 0.10009765625 prints `0.1`
    /// (``FloatFormat/shortestDecimal(_:)``).
    case shortest
    /// The C99 hex-float literal (`0x1.8p-3`, `-0x0p+0`, `inf`, `nan`).
    case hex
    /// The format's encoding as binary digits, fields separated by spaces
    /// (`0 01111 0000000000`); a NaN in a format without NaN prints `nan`.
    case bits
}

/// The text of `value`, a value of `format`, in `style`.
func formatted(_ value: Double, style: ValueNotation, format: FloatFormat) -> String {
    switch style {
    case .decimal:
        return value.description
    case .shortest:
        return format.shortestDecimal(value)
    case .hex:
        return hexFloat(value)
    case .bits:
        guard let pattern = try? format.encode(value) else { return value.description }
        return bitString(pattern, format: format)
    }
}

/// An encoding as binary digits: `sign exponent significand`, separated by spaces.
func bitString(_ pattern: UInt64, format: FloatFormat) -> String {
    func digits(_ v: UInt64, _ count: Int) -> String {
        guard count > 0 else { return "" }
        let s = String(v, radix: 2)
        return String(repeating: "0", count: max(0, count - s.count)) + s
    }
    let m = format.significandBits
    let e = format.exponentBits
    var fields: [String] = []
    if format.isSigned { fields.append(digits((pattern >> UInt64(e + m)) & 1, 1)) }
    fields.append(digits((pattern >> UInt64(m)) & ((1 << UInt64(e)) - 1), e))
    if m > 0 { fields.append(digits(pattern & ((1 << UInt64(m)) - 1), m)) }
    return fields.joined(separator: " ")
}
