// Correctly rounded conversion from text: a decimal or hex-float literal of any
// length is rounded once, from its exact value, into a format under a mode.
//
// Method: the literal's exact value is v = N · 2^b / D with integers N ≥ 0 and
// D = 5^k (decimal, negative powers of ten) or 1 (decimal with a non-negative
// power of ten, and every hex float). Its leading-bit exponent L = ⌊log₂ v⌋ is
// found exactly (bit lengths, then one comparison), the format's quantum 2^q at that
// magnitude as in the kernel (q = max(L, emin) − m with subnormals), and the exact
// division v / 2^q = kept + rem/den gives the truncated significand `kept` and the
// discarded fraction f = rem/den ∈ [0, 1) as a ratio of integers. Every mode is then
// decided exactly: ties compare 2·rem with den, and a stochastic draw compares
// random words with the binary digits of f, word by word, as far as needed.
//
// Short literals (≤ 19 significant decimal digits with |power of ten| ≤ 27, or ≤ 32
// hex digits) do this in 128-bit integers; every other literal uses arbitrary
// precision (BigInt). Literals far outside binary64's range are decided from their
// digit count and exponent alone, without big numbers.

import BigInt

/// Text that is not a number, or a number beyond the limits the conversion accepts.
///
/// The description quotes the text (shortened to its first 40 characters when it is
/// longer than 64) and says what was expected.
public struct NumberTextError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong with the text.
    public enum Reason: Equatable, Sendable {
        /// Not a decimal or hex-float literal, `nan`, `inf` or `infinity`.
        case malformed
        /// More significant digits than ``NumberLiteral/maximumSignificantDigits``.
        case tooManyDigits
        /// An exponent whose magnitude exceeds ``NumberLiteral/maximumExponentMagnitude``.
        case exponentOutOfRange
        /// Longer than ``NumberLiteral/maximumLength`` characters.
        case tooLong
    }

    /// The offending text, shortened for display when it is long.
    public var text: String
    /// Why the text was rejected.
    public var reason: Reason

    /// An error for `text`, kept in full up to 64 bytes, else as its first 40 bytes and
    /// its length.
    public init(text: some StringProtocol, reason: Reason) {
        let s = String(text)
        let count = s.utf8.count
        self.text = count > 64
            ? String(decoding: s.utf8.prefix(40), as: UTF8.self) + "… (\(count) bytes)"
            : s
        self.reason = reason
    }

    init(bytes: UnsafeBufferPointer<UInt8>, reason: Reason) {
        self.init(text: String(decoding: bytes, as: UTF8.self), reason: reason)
    }

    /// The one-line message, quoting the bad value (what the CLI prints after `chop: error:`).
    public var description: String {
        // Control characters (a NUL byte, say) are shown escaped.
        let shown = text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
        switch reason {
        case .malformed:
            return "cannot parse '\(shown)' as a number (expected a decimal or hex-float literal, nan, inf or -inf)"
        case .tooManyDigits:
            return "'\(shown)' has more than \(NumberLiteral.maximumSignificantDigits) significant digits"
        case .exponentOutOfRange:
            return "the exponent of '\(shown)' is beyond ±\(NumberLiteral.maximumExponentMagnitude)"
        case .tooLong:
            return "'\(shown)' is longer than \(NumberLiteral.maximumLength) characters"
        }
    }
}

/// A number written as text, parsed exactly: a decimal literal (`0.1`, `-2.5e-3`,
/// `1e400`, any number of digits), a C99 hex-float literal (`0x1.8p-3`,
/// `-0x1.fffffffffffff8p0`, the `p` exponent optional), or `nan`, `inf`, `infinity`
/// (any case, optionally signed).
///
/// Nothing is rounded when the text is parsed; ``rounded(to:mode:using:)`` rounds the
/// exact value once. No whitespace is accepted: trim it first.
///
/// Limits (so that no input takes unbounded time or memory): at most
/// ``maximumLength`` characters, ``maximumSignificantDigits`` significant digits, and
/// an exponent of magnitude at most ``maximumExponentMagnitude``.
public struct NumberLiteral: Sendable, Hashable {
    /// The longest text accepted, in bytes.
    public static let maximumLength = 1_000_000
    /// The most significant digits accepted (leading and trailing zeros do not count).
    public static let maximumSignificantDigits = 100_000
    /// The largest exponent magnitude accepted, as written after `e` or `p`.
    public static let maximumExponentMagnitude = 1_000_000

    enum Kind: Sendable, Hashable { case finite, infinity, nan }

    var negative: Bool
    var kind: Kind
    var isHex: Bool
    /// Number of significant digits (0 for zero).
    var digitCount: Int
    /// The significand when it has at most 19 decimal or 16 hex digits.
    var small: UInt64
    /// The significant digits (values 0…15) when there are more.
    var digits: [UInt8]
    /// The power of ten (decimal) or two (hex) applied to the integer significand.
    var exponent: Int

    /// Parses `text`.
    /// - Throws: ``NumberTextError`` quoting the text.
    public init(_ text: some StringProtocol) throws {
        // String and Substring are read in place (their UTF-8 is contiguous unless
        // bridged); other types are copied into a String first.
        if var string = text as? String {
            self = try string.withUTF8 { try NumberLiteral(utf8: $0) }
        } else if var substring = text as? Substring {
            self = try substring.withUTF8 { try NumberLiteral(utf8: $0) }
        } else {
            var string = String(text)
            self = try string.withUTF8 { try NumberLiteral(utf8: $0) }
        }
    }

    /// Parses UTF-8 bytes.
    /// - Throws: ``NumberTextError`` quoting the text.
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws {
        guard bytes.count <= Self.maximumLength else { throw NumberTextError(bytes: bytes, reason: .tooLong) }
        let n = bytes.count
        var i = 0
        negative = false
        if i < n && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        isHex = false
        digitCount = 0
        small = 0
        digits = []
        exponent = 0
        kind = .finite
        // Specials.
        if let special = Self.special(bytes, from: i) {
            kind = special
            return
        }
        if i + 1 < n && bytes[i] == UInt8(ascii: "0") && (bytes[i + 1] | 0x20) == UInt8(ascii: "x") {
            isHex = true
            i += 2
        }
        // The digits, with at most one point.
        let base = isHex ? 16 : 10
        let smallLimit = isHex ? 16 : 19
        var seenPoint = false
        var anyDigit = false
        var fractionDigits = 0   // digits after the point (all of them)
        var pendingZeros = 0     // zeros after the last nonzero digit
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: ".") {
                if seenPoint { break }
                seenPoint = true
                i += 1
                continue
            }
            guard let d = Self.digitValue(c, base: base) else { break }
            anyDigit = true
            if seenPoint { fractionDigits += 1 }
            if d == 0 {
                if digitCount > 0 { pendingZeros += 1 }
            } else {
                // Flush the zeros between two nonzero digits.
                if digitCount + pendingZeros + 1 > Self.maximumSignificantDigits {
                    throw NumberTextError(bytes: bytes, reason: .tooManyDigits)
                }
                for _ in 0..<pendingZeros { append(0, smallLimit: smallLimit, base: base) }
                pendingZeros = 0
                append(d, smallLimit: smallLimit, base: base)
            }
            i += 1
        }
        guard anyDigit else { throw NumberTextError(bytes: bytes, reason: .malformed) }
        // The exponent.
        var written = 0
        let marker: UInt8 = isHex ? UInt8(ascii: "p") : UInt8(ascii: "e")
        if i < n && (bytes[i] | 0x20) == marker {
            i += 1
            var exponentNegative = false
            if i < n && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            let start = i
            var tooLarge = false
            while i < n, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                written = written * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                if written > Self.maximumExponentMagnitude { tooLarge = true; written = 0 }
                i += 1
            }
            guard i > start else { throw NumberTextError(bytes: bytes, reason: .malformed) }
            guard i == n else { throw NumberTextError(bytes: bytes, reason: .malformed) }
            if tooLarge { throw NumberTextError(bytes: bytes, reason: .exponentOutOfRange) }
            if exponentNegative { written = -written }
        }
        guard i == n else { throw NumberTextError(bytes: bytes, reason: .malformed) }
        if digitCount == 0 {
            exponent = 0
            return
        }
        // value = significand · base^(trailing zeros − fraction digits) · 10^written
        // (hex: 16^… · 2^written).
        let scale = pendingZeros - fractionDigits
        exponent = isHex ? written + 4 * scale : written + scale
    }

    @inline(__always)
    private mutating func append(_ d: UInt8, smallLimit: Int, base: Int) {
        digitCount += 1
        if digitCount <= smallLimit {
            small = small &* UInt64(base) &+ UInt64(d)
            return
        }
        spillAppend(d, smallLimit: smallLimit, base: base)
    }

    private mutating func spillAppend(_ d: UInt8, smallLimit: Int, base: Int) {
        do {
            if digits.isEmpty {
                // Spill the small significand into digits.
                var v = small
                var spilled: [UInt8] = []
                for _ in 0..<smallLimit {
                    spilled.append(UInt8(v % UInt64(base)))
                    v /= UInt64(base)
                }
                digits = spilled.reversed()
            }
            digits.append(d)
        }
    }

    private static func digitValue(_ c: UInt8, base: Int) -> UInt8? {
        if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { return c - UInt8(ascii: "0") }
        if base == 16 {
            let l = c | 0x20
            if l >= UInt8(ascii: "a") && l <= UInt8(ascii: "f") { return l - UInt8(ascii: "a") + 10 }
        }
        return nil
    }

    private static func special(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int) -> Kind? {
        let rest = bytes.count - i
        guard rest == 3 || rest == 8, bytes[i] | 0x20 == UInt8(ascii: "n") || bytes[i] | 0x20 == UInt8(ascii: "i") else {
            return nil
        }
        var word: [UInt8] = []
        for k in i..<bytes.count { word.append(bytes[k] | 0x20) }
        switch word {
        case Array("nan".utf8): return .nan
        case Array("inf".utf8), Array("infinity".utf8): return .infinity
        default: return nil
        }
    }

    /// Whether the literal is NaN, or ±∞.
    public var isNaN: Bool { kind == .nan }
    /// Whether the literal is ±∞ (`inf` or `infinity`, any case).
    public var isInfinite: Bool { kind == .infinity }
    /// Whether the literal has a minus sign.
    public var isNegative: Bool { negative }
    /// Whether the literal's value is zero (`0`, `-0.000`, `0x0p9`).
    public var isZero: Bool { kind == .finite && digitCount == 0 }

    /// The literal's exact value rounded once into `format` under `mode`.
    ///
    /// - Edge cases, as for ``round(_:tail:to:mode:using:)`` on the exact value:
    ///   `nan` gives NaN; `inf` and `-inf` are ±∞ (or ±max, or NaN, by the format's
    ///   overflow policy); `-0` is −0 where the format has one; values beyond the
    ///   format's range overflow by the format's policy and the mode (`1e400` toward
    ///   zero is the format's max); values below the least positive number round to ±0
    ///   or to it by the mode (`0x1p-1080` toward +∞ is the least subnormal of binary64).
    /// - Stochastic modes: ``RoundingMode/stochastic(randomBits:)`` with `nil` bits
    ///   rounds away from zero with probability exactly f, the literal's exact
    ///   discarded fraction (random words are compared with the binary digits of f as far
    ///   as needed); with `r` bits the probability is ⌊f·2ʳ⌋/2ʳ (one word is drawn).
    ///   Exact values draw no random bits.
    public func rounded<G: RandomNumberGenerator>(
        to format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> Double {
        switch kind {
        case .nan:
            return Chop.round(negative ? -Double.nan : .nan, to: format, mode: mode, using: &generator)
        case .infinity:
            return Chop.round(negative ? -Double.infinity : .infinity, to: format, mode: mode, using: &generator)
        case .finite:
            break
        }
        if digitCount == 0 {
            return Chop.round(negative ? -0.0 : 0.0, to: format, mode: mode, using: &generator)
        }
        if !format.isSigned && negative { return .nan }
        if let r = roundedSmall(to: format, mode: mode, using: &generator) { return r }
        return roundedBig(to: format, mode: mode, using: &generator)
    }

    /// The literal rounded to the nearest binary64 value (ties to even).
    public var nearestDouble: Double {
        var g = SplitMix64(seed: 0)  // unused: deterministic mode
        return rounded(to: .binary64, mode: .nearestEven, using: &g)
    }

    // MARK: The 128-bit path

    /// 5^k for k ≤ 27 (< 2⁶³).
    static let powersOfFive: [UInt64] = {
        var p: [UInt64] = [1]
        for _ in 1...27 { p.append(p.last! * 5) }
        return p
    }()

    /// The 128-bit path, or nil when the literal needs big numbers.
    func roundedSmall<G: RandomNumberGenerator>(
        to format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> Double? {
        let n: UInt128, d: UInt128, b: Int
        if isHex {
            guard digitCount <= 16, exponent >= -2000, exponent <= 2000 else { return nil }
            n = UInt128(small); d = 1; b = exponent
        } else {
            guard digitCount <= 19, exponent >= -27, exponent <= 27 else { return nil }
            if exponent >= 0 {
                n = UInt128(small) * UInt128(Self.powersOfFive[exponent]); d = 1
            } else {
                n = UInt128(small); d = UInt128(Self.powersOfFive[-exponent])
            }
            b = exponent
        }
        // L = ⌊log₂(n/d)⌋ + b.
        let ln = 128 - n.leadingZeroBitCount, ld = 128 - d.leadingZeroBitCount
        let k = ln - ld
        let below = k >= 0 ? n < d << UInt128(k) : n << UInt128(-k) < d
        let leading = k + b - (below ? 1 : 0)
        if leading > format.emax {
            return Self.overflowed(negative: negative, format: format, mode: mode, using: &generator)
        }
        let q = Self.quantumExponent(leading: leading, format: format)
        let s = b - q
        var fraction: SmallFraction
        let kept: UInt128
        if s >= 0 {
            guard ln + s <= 127 else { return nil }
            let num = n << UInt128(s)
            if d == 1 {
                (kept, fraction) = (num, SmallFraction(rem: 0, den: 1))
            } else {
                // One 128-by-64-bit hardware division (the quotient fits in 64 bits).
                let d64 = UInt64(truncatingIfNeeded: d)
                let high = UInt64(truncatingIfNeeded: num >> 64), low = UInt64(truncatingIfNeeded: num)
                guard high < d64 else { return nil }
                let (q, r) = d64.dividingFullWidth((high: high, low: low))
                (kept, fraction) = (UInt128(q), SmallFraction(rem: UInt128(r), den: d))
            }
        } else if d == 1 {
            guard -s <= 126 else { return nil }
            let den = UInt128(1) << UInt128(-s)
            kept = n >> UInt128(-s)
            fraction = SmallFraction(rem: n & (den - 1), den: den)
        } else {
            // v/2^q = n / (d·2^t): ⌊n/(d·2^t)⌋ = ⌊⌊n/2^t⌋/d⌋, and the remainder is
            // (⌊n/2^t⌋ mod d)·2^t + (n mod 2^t), over d·2^t.
            let t = -s
            guard t <= 63, n >> 64 == 0, ld + t <= 126 else { return nil }
            let n64 = UInt64(truncatingIfNeeded: n), d64 = UInt64(truncatingIfNeeded: d)
            let (q1, r1) = (n64 >> UInt64(t)).quotientAndRemainder(dividingBy: d64)
            kept = UInt128(q1)
            let low = n64 & ((1 << UInt64(t)) - 1)
            fraction = SmallFraction(rem: UInt128(r1) << UInt128(t) | UInt128(low), den: d << UInt128(t))
        }
        guard kept < UInt128(1) << 60 else { return nil }
        return Self.finish(
            negative: negative, kept: UInt64(kept), q: q, fraction: &fraction, format: format, mode: mode,
            using: &generator)
    }

    // MARK: The arbitrary-precision path

    /// The significand as a big integer.
    func bigSignificand() -> BigUInt {
        if digits.isEmpty { return BigUInt(small) }
        let base: UInt64 = isHex ? 16 : 10
        let chunk = isHex ? 16 : 19
        let chunkScale: UInt64 = isHex ? 0 : 10_000_000_000_000_000_000  // 10^19
        if isHex {
            // 16 hex digits per word, from the end.
            var words: [UInt] = []
            var end = digits.count
            while end > 0 {
                let start = max(0, end - chunk)
                var w: UInt64 = 0
                for j in start..<end { w = w << 4 | UInt64(digits[j]) }
                words.append(UInt(w))
                end = start
            }
            return BigUInt(words: words)
        }
        var result = BigUInt(0)
        var j = 0
        let head = digits.count % chunk
        if head > 0 {
            var w: UInt64 = 0
            for t in 0..<head { w = w * base + UInt64(digits[t]) }
            result = BigUInt(w)
            j = head
        }
        while j < digits.count {
            var w: UInt64 = 0
            for t in j..<(j + chunk) { w = w * base + UInt64(digits[t]) }
            result.multiply(byWord: UInt(chunkScale))
            result += BigUInt(UInt(w))
            j += chunk
        }
        return result
    }

    /// An estimate of the leading exponent's range without big numbers: the value lies
    /// in [2^low, 2^(high+1)).
    func leadingExponentBounds() -> (low: Int, high: Int) {
        if isHex {
            // value = H · 2^exponent with H of digitCount hex digits, the first nonzero.
            let first = digits.isEmpty ? Int(small >> UInt64(4 * (digitCount - 1))) : Int(digits[0])
            let l = 4 * (digitCount - 1) + (Int.bitWidth - first.leadingZeroBitCount - 1) + exponent
            return (l, l)
        }
        // 10^(e + n − 1) ≤ v < 10^(e + n), and 3.3219 < log₂10 < 3.3220.
        func lowerLog2Ten(_ k: Int) -> Int {  // ≤ k·log₂10
            k >= 0 ? (k * 33219) / 10000 : -((-k * 33220 + 9999) / 10000)
        }
        func upperLog2Ten(_ k: Int) -> Int {  // ≥ k·log₂10
            k >= 0 ? (k * 33220 + 9999) / 10000 : -((-k * 33219) / 10000)
        }
        return (lowerLog2Ten(exponent + digitCount - 1) - 1, upperLog2Ten(exponent + digitCount))
    }

    func roundedBig<G: RandomNumberGenerator>(
        to format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> Double {
        let bounds = leadingExponentBounds()
        if bounds.low > format.emax {
            return Self.overflowed(negative: negative, format: format, mode: mode, using: &generator)
        }
        let qLow = Self.quantumExponent(leading: Int.min / 2, format: format)  // the least quantum
        let tiny = bounds.high < qLow - 65
        if tiny {
            // v < 2^(q − 64): kept = 0 and f < 2⁻⁶⁴; decided without the exact value,
            // except for an exact stochastic draw whose first word is zero.
            var preDrawn = false
            switch mode {
            case .stochastic(let bits) where bits.map({ $0 < 64 }) ?? false:
                _ = generator.next()  // ⌊f·2ʳ⌋ = 0: never up
                return Self.rebuild(negative: negative, kept: 0, q: qLow, format: format, mode: mode)
            case .stochastic:
                if generator.next() != 0 {
                    return Self.rebuild(negative: negative, kept: 0, q: qLow, format: format, mode: mode)
                }
                preDrawn = true
            default:
                var never = BigFraction.nonzeroTiny
                return Self.finish(
                    negative: negative, kept: 0, q: qLow, fraction: &never, format: format, mode: mode,
                    using: &generator)
            }
            var (kept, fraction) = exactSplit(q: qLow)
            precondition(kept == 0 && preDrawn)
            fraction.skipLeadingWord()
            return Self.finish(
                negative: negative, kept: 0, q: qLow, fraction: &fraction, format: format, mode: mode,
                using: &generator)
        }
        // Exact leading exponent.
        let (n, d, b) = exactRatio()
        let ln = n.bitWidth, ld = d.bitWidth
        let k = ln - ld
        let below = k >= 0 ? n < d << k : n << -k < d
        let leading = k + b - (below ? 1 : 0)
        if leading > format.emax {
            return Self.overflowed(negative: negative, format: format, mode: mode, using: &generator)
        }
        let q = Self.quantumExponent(leading: leading, format: format)
        var (kept, fraction) = Self.split(n, d, b, q: q)
        return Self.finish(
            negative: negative, kept: kept, q: q, fraction: &fraction, format: format, mode: mode,
            using: &generator)
    }

    /// The value as n · 2^b / d.
    func exactRatio() -> (BigUInt, BigUInt, Int) {
        let h = bigSignificand()
        if isHex { return (h, 1, exponent) }
        if exponent >= 0 { return (h * BigUInt(5).power(exponent), 1, exponent) }
        return (h, BigUInt(5).power(-exponent), exponent)
    }

    func exactSplit(q: Int) -> (UInt64, BigFraction) {
        let (n, d, b) = exactRatio()
        return Self.split(n, d, b, q: q)
    }

    /// v / 2^q = kept + rem/den.
    static func split(_ n: BigUInt, _ d: BigUInt, _ b: Int, q: Int) -> (UInt64, BigFraction) {
        let s = b - q
        if s >= 0 {
            let (kept, rem) = (n << s).quotientAndRemainder(dividingBy: d)
            return (UInt64(kept), BigFraction(rem: rem, den: d))
        }
        let den = d << -s
        let (kept, rem) = n.quotientAndRemainder(dividingBy: den)
        return (UInt64(kept), BigFraction(rem: rem, den: den))
    }

    // MARK: The decision, shared by both paths

    /// The quantum exponent of the format at leading exponent `leading` (as the kernel).
    static func quantumExponent(leading: Int, format: FloatFormat) -> Int {
        if leading >= format.emin { return leading - format.significandBits }
        return format.subnormals ? format.emin - format.significandBits : format.emin
    }

    /// A value beyond 2^(emax+1): it overflows in every mode, as 2^(emax+1) itself does,
    /// so the kernel applies the format's overflow rule to that (exact, no bits drawn).
    static func overflowed<G: RandomNumberGenerator>(
        negative: Bool, format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> Double {
        var none = NoRandomBits()
        return RoundedArithmetic.roundScaled(
            negative ? -1 : 1, 0, exponent: format.emax + 1, format: format, mode: mode, using: &none)
    }

    /// (kept)·2^q, the decided result: a nonzero one goes through the kernel, which
    /// returns it unchanged or applies the format's overflow rule; a zero takes the
    /// format's zero (the smallest value for E8M0, which has none).
    static func rebuild(negative: Bool, kept: UInt64, q: Int, format: FloatFormat, mode: RoundingMode) -> Double {
        if kept == 0 {
            if !format.hasZero { return format.minPositive }
            return negative && format.hasNegativeZero ? -0.0 : 0.0
        }
        var none = NoRandomBits()   // an exact value draws no bits
        return RoundedArithmetic.roundScaled(
            negative ? -Double(kept) : Double(kept), 0, exponent: q, format: format, mode: mode, using: &none)
    }

    static func finish<F: ExactFraction, G: RandomNumberGenerator>(
        negative: Bool, kept: UInt64, q: Int, fraction: inout F, format: FloatFormat, mode: RoundingMode,
        using generator: inout G
    ) -> Double {
        var up = false
        if !fraction.isZero {
            let keptIsOdd = kept & 1 == 1
            switch mode {
            case .nearestEven, .nearestAway:
                let c = fraction.compareToHalf()
                up = c > 0 || (c == 0 && (mode == .nearestAway || keptIsOdd))
            case .towardZero: up = false
            case .towardPositive: up = !negative
            case .towardNegative: up = negative
            case .toOdd: up = !keptIsOdd
            case .stochastic(let bits):
                if let bits, bits < 64 {
                    let r = max(bits, 1)
                    let threshold = fraction.takeBits(r)
                    up = generator.next() >> UInt64(64 - r) < threshold
                } else {
                    while true {
                        let word = fraction.takeBits(64)
                        let u = generator.next()
                        if u != word { up = u < word; break }
                        if fraction.isZero { up = false; break }
                    }
                }
            case .stochasticEqual:
                up = generator.next() >> 63 == 1
            }
        }
        return rebuild(negative: negative, kept: kept + (up ? 1 : 0), q: q, format: format, mode: mode)
    }
}

/// A discarded fraction f = rem/den ∈ [0, 1), read exactly.
protocol ExactFraction {
    var isZero: Bool { get }
    /// The sign of f − ½.
    func compareToHalf() -> Int
    /// ⌊f·2ʳ⌋ (r ≤ 64), leaving f ← frac(f·2ʳ).
    mutating func takeBits(_ r: Int) -> UInt64
}

/// f = rem/den with den < 2¹²⁷.
struct SmallFraction: ExactFraction {
    var rem: UInt128
    let den: UInt128
    var isZero: Bool { rem == 0 }
    func compareToHalf() -> Int {
        let other = den - rem
        return rem > other ? 1 : (rem == other ? 0 : -1)
    }
    mutating func takeBits(_ r: Int) -> UInt64 {
        if den >> 64 == 0 {
            // rem·2ʳ / den as one 128-by-64-bit division (rem < den < 2⁶⁴, so the
            // quotient is below 2ʳ ≤ 2⁶⁴).
            let d = UInt64(truncatingIfNeeded: den), r0 = UInt64(truncatingIfNeeded: rem)
            let wide = r == 64 ? (high: r0, low: UInt64(0)) : (high: r0 >> UInt64(64 - r), low: r0 << UInt64(r))
            let (q, m) = d.dividingFullWidth(wide)
            rem = UInt128(m)
            return q
        }
        var out: UInt64 = 0
        for _ in 0..<r {
            rem <<= 1
            out <<= 1
            if rem >= den { rem -= den; out |= 1 }
        }
        return out
    }
}

/// f = rem/den in arbitrary precision.
struct BigFraction: ExactFraction {
    var rem: BigUInt
    var den: BigUInt

    /// Some f ∈ (0, 2⁻⁶⁴), for the deterministic modes (which only ask whether f is
    /// zero and compare it with ½).
    static var nonzeroTiny: BigFraction { BigFraction(rem: 1, den: BigUInt(1) << 70) }

    var isZero: Bool { rem.isZero }
    func compareToHalf() -> Int {
        let twice = rem << 1
        return twice > den ? 1 : (twice == den ? 0 : -1)
    }
    mutating func takeBits(_ r: Int) -> UInt64 {
        let (q, m) = (rem << r).quotientAndRemainder(dividingBy: den)
        rem = m
        return UInt64(q)
    }
    /// Drops the first 64 bits of f (known to be zero).
    mutating func skipLeadingWord() {
        rem <<= 64
    }
}

/// Rounds the exact value of a decimal or hex-float literal once into `format` under
/// `mode` (see ``NumberLiteral`` for the syntax and limits, and
/// ``NumberLiteral/rounded(to:mode:using:)`` for the edge cases).
///
/// `chop round --format binary64 --mode toward-zero 0.1` is this function: the result
/// is the double just below 0.1, not the nearest double.
/// - Throws: ``NumberTextError`` quoting the text when it is not a number or exceeds
///   the limits.
public func round<G: RandomNumberGenerator>(
    parsing text: some StringProtocol, to format: FloatFormat, mode: RoundingMode, using generator: inout G
) throws -> Double {
    try NumberLiteral(text).rounded(to: format, mode: mode, using: &generator)
}
