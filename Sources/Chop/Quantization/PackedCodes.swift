/// Packing narrow codes (1…8 bits) into bytes as a little-endian bit stream.
///
/// Code *i* occupies stream bits `i·w ..< (i+1)·w`; stream bit *k* is bit `k mod 8` of
/// byte `k / 8`. For w = 4 this puts code 2j in the low nibble of byte j.
public enum PackedCodes {
    /// Packs the low `bitWidth` bits of each code; the last byte is zero-padded.
    public static func pack(_ codes: [UInt8], bitWidth w: Int) -> [UInt8] {
        precondition((1...8).contains(w), "bit width must be 1...8")
        if w == 8 { return codes }
        var out = [UInt8](repeating: 0, count: (codes.count * w + 7) / 8)
        let mask = UInt16((1 << w) - 1)
        for (i, code) in codes.enumerated() {
            let bit = i * w
            let shifted = (UInt16(code) & mask) << UInt16(bit & 7)
            out[bit >> 3] |= UInt8(truncatingIfNeeded: shifted)
            if shifted > 0xFF { out[(bit >> 3) + 1] |= UInt8(truncatingIfNeeded: shifted >> 8) }
        }
        return out
    }

    /// Unpacks `count` codes of `bitWidth` bits (the inverse of ``pack(_:bitWidth:)``).
    public static func unpack(_ bytes: [UInt8], bitWidth w: Int, count: Int) -> [UInt8] {
        precondition((1...8).contains(w), "bit width must be 1...8")
        if w == 8 { return Array(bytes.prefix(count)) }
        let mask = UInt16((1 << w) - 1)
        return (0..<count).map { i in
            let bit = i * w
            var word = UInt16(bytes[bit >> 3])
            if (bit >> 3) + 1 < bytes.count { word |= UInt16(bytes[(bit >> 3) + 1]) << 8 }
            return UInt8((word >> UInt16(bit & 7)) & mask)
        }
    }
}
