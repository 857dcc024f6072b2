/// A table-driven encoder for the values of a block element (codes of at most 8 bits).
///
/// ``BlockElement/encode(_:)`` goes through ``FloatFormat/encode(_:)``, which validates
/// its input; the quantizer's elements come straight from the kernel and are known to
/// be values of the element grid, so they are looked up instead: a nonzero finite value
/// is identified by its binary64 exponent and its leading stored fraction bits, which
/// index a table filled once by decoding every code. Zeros, NaN, ±∞ and anything not in
/// the table fall back to ``BlockElement/encode(_:)``.
struct ElementEncoder {
    let element: BlockElement
    let fractionBits: Int
    let exponentBase: Int
    let table: [UInt8]
    let present: [Bool]
    let signBit: UInt8

    init(_ element: BlockElement) {
        self.element = element
        var magnitudes: [(Double, UInt8)] = []
        for code in 0..<(1 << element.bitWidth) {
            let v = element.decode(UInt8(code))
            if v.isFinite && v > 0 { magnitudes.append((v, UInt8(code))) }
        }
        // Precision of the element grid: the most significant bits any value needs.
        let m: Int
        switch element {
        case .float(let f): m = f.significandBits
        case .int8: m = 6
        }
        fractionBits = m
        let exponents = magnitudes.map { Int(($0.0.bitPattern >> 52) & 0x7FF) }
        exponentBase = exponents.min() ?? 0
        let span = (exponents.max() ?? 0) - exponentBase + 1
        var table = [UInt8](repeating: 0, count: Swift.max(span, 1) << m)
        var present = [Bool](repeating: false, count: table.count)
        for (v, code) in magnitudes {
            let i = Self.index(v.bitPattern, base: exponentBase, m: m)
            table[i] = code
            present[i] = true
        }
        self.table = table
        self.present = present
        switch element {
        case .float(let f): signBit = f.isSigned ? UInt8(truncatingIfNeeded: 1 << (f.bitWidth - 1)) : 0
        case .int8: signBit = 0
        }
    }

    @inline(__always)
    static func index(_ bits: UInt64, base: Int, m: Int) -> Int {
        let exponent = Int((bits >> 52) & 0x7FF)
        let fraction = Int((bits & ((1 << 52) - 1)) >> UInt64(52 - m))
        return (exponent - base) << m | fraction
    }

    /// The code of `value`, a value of ``BlockElement/grid``.
    @inline(__always)
    func encode(_ value: Double) -> UInt8 {
        if case .int8 = element { return element.encode(value) }
        if value == 0 || !value.isFinite { return element.encode(value) }
        let bits = value.bitPattern
        let exponent = Int((bits >> 52) & 0x7FF)
        let i = (exponent - exponentBase) << fractionBits | Int((bits & ((1 << 52) - 1)) >> UInt64(52 - fractionBits))
        guard exponent >= exponentBase, i < table.count, present[i] else { return element.encode(value) }
        return bits >> 63 == 1 ? table[i] | signBit : table[i]
    }
}
