extension FloatFormat {
    /// The bit pattern of `value`, which must be a value of this format.
    ///
    /// Patterns occupy the low ``bitWidth`` bits: sign (if any), exponent field,
    /// stored significand. NaN encodes as the format's canonical NaN (the quiet NaN
    /// `0 1…1 10…0` for IEEE-style formats, `S.1…1.1…1` with S = 0 for E4M3FN, the
    /// sign bit alone for FNUZ, all ones for E8M0).
    /// - Throws: ``FormatError/notRepresentable(_:)`` when `value` is not a value of
    ///   the format (round it first with ``round(_:tail:to:mode:using:)``), including
    ///   NaN in formats without NaN (FP6/FP4) and ±∞ in formats without infinities.
    public func encode(_ value: Double) throws -> UInt64 {
        let m = UInt64(significandBits)
        let fieldAllOnes = (UInt64(1) << UInt64(exponentBits)) - 1
        let signBit: UInt64 = isSigned ? UInt64(1) << UInt64(exponentBits + significandBits) : 0
        let fractionAllOnes = (UInt64(1) << m) - 1
        if value.isNaN {
            switch specials {
            case .ieee:
                guard significandBits > 0 else {
                    throw FormatError.notRepresentable("NaN has no encoding in \(name) (no significand bits)")
                }
                return fieldAllOnes << m | UInt64(1) << (m - 1)
            case .finiteAllOnesNaN: return fieldAllOnes << m | fractionAllOnes
            case .fnuz: return signBit
            case .unsignedExponentOnly: return fieldAllOnes
            case .finite:
                throw FormatError.notRepresentable("NaN has no encoding in \(name)")
            }
        }
        let negative = value.sign == .minus
        if !isSigned && (negative || value == 0) {
            throw FormatError.notRepresentable("\(value) is not a value of \(name) (unsigned, no zero)")
        }
        let sign: UInt64 = negative ? signBit : 0
        if value.isInfinite {
            guard hasInfinity else {
                throw FormatError.notRepresentable("\(value) has no encoding in \(name) (no infinities)")
            }
            return sign | fieldAllOnes << m
        }
        if value == 0 {
            return hasNegativeZero ? sign : 0
        }
        let magnitude = value.magnitude
        guard magnitude <= maxFinite else {
            throw FormatError.notRepresentable("\(value) exceeds the largest finite value of \(name)")
        }
        let exponent = Int(magnitude.exponent)
        if exponent < emin {
            let scaled = Double(sign: .plus, exponent: significandBits - emin, significand: magnitude)
            guard subnormals, scaled == scaled.rounded(.towardZero), scaled >= 1 else {
                throw FormatError.notRepresentable("\(value) is not a value of \(name)")
            }
            return sign | UInt64(scaled)
        }
        let fraction = Double(sign: .plus, exponent: significandBits, significand: magnitude.significand - 1)
        guard fraction == fraction.rounded(.towardZero) else {
            throw FormatError.notRepresentable("\(value) is not a value of \(name) (needs more than \(precision) significant bits)")
        }
        let field = UInt64(exponent + bias)
        return sign | field << m | UInt64(fraction)
    }

    /// The value of a bit pattern (only the low ``bitWidth`` bits are read).
    ///
    /// NaN patterns give a NaN `Double` (with the pattern's sign where the format has
    /// one), infinities give ±∞, and every other pattern its exact value.
    public func decode(_ pattern: UInt64) -> Double {
        let m = UInt64(significandBits)
        let width = UInt64(bitWidth)
        let bits = width >= 64 ? pattern : pattern & ((UInt64(1) << width) - 1)
        let fieldAllOnes = (UInt64(1) << UInt64(exponentBits)) - 1
        let fraction = bits & ((UInt64(1) << m) - 1)
        let field = (bits >> m) & fieldAllOnes
        let negative = isSigned && (bits >> UInt64(exponentBits + significandBits)) & 1 == 1
        let sign: FloatingPointSign = negative ? .minus : .plus
        switch specials {
        case .unsignedExponentOnly:
            return field == fieldAllOnes ? .nan : Double(sign: .plus, exponent: Int(field) - bias, significand: 1)
        case .ieee:
            if field == fieldAllOnes {
                return fraction == 0 ? (negative ? -.infinity : .infinity) : .nan
            }
        case .finiteAllOnesNaN:
            if field == fieldAllOnes && fraction == (UInt64(1) << m) - 1 { return .nan }
        case .fnuz:
            if negative && field == 0 && fraction == 0 { return .nan }
        case .finite:
            break
        }
        if field == 0 {
            // Zero or subnormal (also read as such when subnormals are disabled, so
            // every pattern has a defined value).
            return Double(sign: sign, exponent: emin - significandBits, significand: Double(fraction))
        }
        let significand = 1 + Double(sign: .plus, exponent: -significandBits, significand: Double(fraction))
        return Double(sign: sign, exponent: Int(field) - bias, significand: significand)
    }

    /// The number of distinct bit patterns (2^bitWidth), or nil above 2³².
    public var patternCount: UInt64? {
        bitWidth <= 32 ? UInt64(1) << UInt64(bitWidth) : nil
    }
}
