import Chop

/// One input entry taken apart for the integer arithmetic: value = `m · 2^(e − s)`
/// with `s` the format's stored significand bits, `e = max(⌊log₂|v|⌋, emin)` (so a
/// subnormal has |m| < 2^s) and `m` signed. Zero has `m = 0` and a very negative `e`
/// so that it never sets the alignment exponent and always shifts out.

struct PackedEntry: Sendable {
    var m: Int32
    var e: Int32

    static let zeroExponent: Int32 = -(1 << 28)
    static let zero = PackedEntry(m: 0, e: zeroExponent)

    init(m: Int32, e: Int32) { self.m = m; self.e = e }

    /// Takes apart a finite value of `format` (at most 8 exponent bits, 23 stored bits).
    init(_ v: Double, format: FloatFormat) {
        if v == 0 || !v.isFinite { self = .zero; return }
        let e = max(Int(v.exponent), format.emin)
        let scaled = v * Double(sign: .plus, exponent: format.significandBits - e, significand: 1)
        self.init(m: Int32(scaled), e: Int32(e))
    }

    /// The value, exactly.
    func value(significandBits s: Int) -> Double {
        m == 0 ? 0 : Double(m) * Double(sign: .plus, exponent: Int(e) - s, significand: 1)
    }
}

/// The exact integer sum of a set of aligned terms: the sum is `T · 2^(E − fractionBits)`.

struct AlignedSum {
    var T: Int64
    var E: Int
    var fractionBits: Int
    /// False when no nonzero term took part.
    var nonzero: Bool
}

/// Which products of a block take part in an aligned sum: bit `t mod 4` of the mask.

enum ProductSelection: Int {
    case all = 0b1111, even = 0b0101, odd = 0b1010, lowPairs = 0b0011, highPairs = 0b1100
}

/// The constants of one model, and the block FMA of each structure on packed entries.

struct BlockFMA {
    let model: MatrixUnitModel
    let output: FloatFormat
    let mode: RoundingMode
    /// F.
    let F: Int
    /// Fraction bits of the packed significands of A and B (the formats' stored bits;
    /// more for block-scaled operands whose scales carry significand bits).
    let significandBitsA: Int, significandBitsB: Int
    /// Stored bits of A plus stored bits of B.
    let fab: Int
    /// Products are shifted left by L = max(0, F − fab) so that every alignment shift
    /// is a right shift.
    let L: Int
    let sticky: Bool
    let minExp: Int
    /// 2^(emax+1) of the output: results at or above it are ±∞.
    let overflowLimit: Double
    let flushOut: Bool

    init(model: MatrixUnitModel, significandBitsA: Int? = nil, significandBitsB: Int? = nil) {
        self.model = model
        self.significandBitsA = significandBitsA ?? model.inputA.significandBits
        self.significandBitsB = significandBitsB ?? model.inputB.significandBits
        output = model.output
        mode = model.finalRounding
        F = model.alignmentFractionBits
        fab = self.significandBitsA + self.significandBitsB
        L = max(0, F - fab)
        sticky = model.shiftedBits == .sticky
        minExp = model.minimumExponent ?? Int.min / 4
        overflowLimit = Double(sign: .plus, exponent: model.output.emax + 1, significand: 1)
        flushOut = model.flushSubnormalOutputs
    }

    /// C's alignment exponent and its integer significand with 52 fraction bits:
    /// `|c| = mC · 2^(eC − 52)`, eC = max(⌊log₂|c|⌋, −126) (G:1098-1105 uses binary32's
    /// fields for C whatever the output format).
    @inline(__always)
    static func split(_ c: Double) -> (mC: UInt64, eC: Int) {
        let eC = max(Int(c.exponent), -126)
        let m = c.magnitude * Double(sign: .plus, exponent: 52 - eC, significand: 1)
        return (UInt64(m), eC)
    }

    /// The products selected, aligned to their largest exponent (raised to the minimum
    /// exponent and to C's exponent when `c` is given), each magnitude cut to F fraction
    /// bits (truncated, or with a sticky bit), summed exactly.
    @inline(__always)
    func alignedSum(
        _ a: UnsafePointer<PackedEntry>, _ b: UnsafePointer<PackedEntry>, count: Int,
        selection: ProductSelection, c: Double
    ) -> AlignedSum {
        let mask = selection.rawValue
        var emax = Int32.min / 2
        if selection == .all {
            for t in 0..<count { emax = max(emax, a[t].e &+ b[t].e) }
        } else {
            for t in 0..<count where (mask >> (t & 3)) & 1 != 0 { emax = max(emax, a[t].e &+ b[t].e) }
        }
        let productsNonzero = emax > -(1 << 20)
        var E = productsNonzero ? Int(emax) : Int.min / 4
        var cSplit: (mC: UInt64, eC: Int)? = nil
        if c != 0 {
            let s = Self.split(c)
            cSplit = s
            E = max(E, s.eC)
        }
        guard productsNonzero || cSplit != nil else { return AlignedSum(T: 0, E: 0, fractionBits: F, nonzero: false) }
        E = max(E, minExp)
        let base = Int32(E + fab + L - F)
        let left = UInt64(L)
        var T: Int64 = 0
        if !sticky {
            if selection == .all {
                for t in 0..<count {
                    let p = Int64(a[t].m) &* Int64(b[t].m)
                    let s = UInt64(truncatingIfNeeded: min(base &- (a[t].e &+ b[t].e), 63))
                    let sign = p &>> 63  // 0 or −1
                    let mag = Int64(bitPattern: (UInt64(bitPattern: (p ^ sign) &- sign) &<< left) &>> s)
                    T &+= (mag ^ sign) &- sign
                }
            } else {
                for t in 0..<count where (mask >> (t & 3)) & 1 != 0 {
                    let p = Int64(a[t].m) &* Int64(b[t].m)
                    let s = UInt64(truncatingIfNeeded: min(base &- (a[t].e &+ b[t].e), 63))
                    let sign = p &>> 63  // 0 or −1
                    let mag = Int64(bitPattern: (UInt64(bitPattern: (p ^ sign) &- sign) &<< left) &>> s)
                    T &+= (mag ^ sign) &- sign
                }
            }
            if let (mC, eC) = cSplit {
                let s = min(E - F - eC + 52, 63)
                let mag = Int64(mC >> UInt64(s))
                T &+= c < 0 ? -mag : mag
            }
            return AlignedSum(T: T, E: E, fractionBits: F, nonzero: true)
        }
        // Sticky: one more bit below the F kept bits, set when a shifted-out bit was 1.
        for t in 0..<count where (mask >> (t & 3)) & 1 != 0 {
            let p = Int64(a[t].m) &* Int64(b[t].m)
            let s = UInt64(min(base &- (a[t].e &+ b[t].e), 63))
            let full = p.magnitude << left
            let lost: UInt64 = full & ((1 << s) &- 1) != 0 ? 1 : 0
            let mag = Int64(bitPattern: ((full >> s) << 1) | lost)
            T &+= p < 0 ? -mag : mag
        }
        if let (mC, eC) = cSplit {
            let s = UInt64(min(E - F - eC + 52, 63))
            let lost: UInt64 = mC & ((1 << s) &- 1) != 0 ? 1 : 0
            let mag = Int64(bitPattern: ((mC >> s) << 1) | lost)
            T &+= c < 0 ? -mag : mag
        }
        return AlignedSum(T: T, E: E, fractionBits: F + 1, nonzero: true)
    }

    /// Rounds `T · 2^exponent` (exact) into `format` under `mode` through the kernel,
    /// with the matrix-unit overflow rule: ±∞ when |value| ≥ 2^(emax+1) in every mode
    /// (MATRIX-UNITS.md §5), then the output flush when `flush` is set. Exact zero is +0.
    @inline(__always)
    func finish<G: RandomNumberGenerator>(
        _ T: Int64, exponent: Int, format: FloatFormat, mode: RoundingMode, flush: Bool, using g: inout G
    ) -> Double {
        if T == 0 { return 0 }
        let scale = Double(sign: .plus, exponent: exponent, significand: 1)
        if T.magnitude < 1 << 53 {  // the common case: T is exact in binary64
            return finish(x: Double(T) * scale, tail: 0, format: format, mode: mode, flush: flush, using: &g)
        }
        let xi = Double(T)
        let tailI = Double(T &- Int64(xi))  // exact: |T| < 2^62
        return finish(x: xi * scale, tail: tailI * scale, format: format, mode: mode, flush: flush, using: &g)
    }

    /// The same for an exact value `x + tail`.
    @inline(__always)
    func finish<G: RandomNumberGenerator>(
        x: Double, tail: Double, format: FloatFormat, mode: RoundingMode, flush: Bool, using g: inout G
    ) -> Double {
        if x == 0 { return 0 }
        let limit = Double(sign: .plus, exponent: format.emax + 1, significand: 1)
        let ax = x.magnitude
        if ax > limit || (ax == limit && (tail == 0 || (tail < 0) == (x < 0))) {
            return x < 0 ? -.infinity : .infinity
        }
        let r = Chop.round(x, tail: tail, to: format, mode: mode, using: &g)
        if flush && r != 0 && r.magnitude < format.minNormal { return 0 }
        return r
    }

    // MARK: Structures

    /// One block under ``MatrixUnitModel/Structure/global``.

    func global<G: RandomNumberGenerator>(
        _ a: UnsafePointer<PackedEntry>, _ b: UnsafePointer<PackedEntry>, count: Int, c: Double, using g: inout G
    ) -> Double {
        let s = alignedSum(a, b, count: count, selection: .all, c: c)
        guard s.nonzero else { return 0 }
        return finish(s.T, exponent: s.E - s.fractionBits, format: output, mode: mode, flush: flushOut, using: &g)
    }

    /// C added to an unnormalised product sum `Tp · 2^(Ep − fp)` as CDNA3 does
    /// (``MatrixUnitModel/Structure/lateC``): the smaller operand (by exponent) is
    /// aligned with round-down (toward −∞); when the product sum is the smaller, both
    /// get 7 extra bits. `truncateFarC`: C more than 25 binades below is truncated
    /// toward zero instead (the fp8 rule of ``MatrixUnitModel/Structure/oddEven``).

    func addLate<G: RandomNumberGenerator>(_ p: AlignedSum, c: Double, truncateFarC: Bool, using g: inout G) -> Double {
        if c == 0 || !p.nonzero {
            guard p.nonzero else { return finish(x: c, tail: 0, format: output, mode: mode, flush: flushOut, using: &g) }
            return finish(p.T, exponent: p.E - p.fractionBits, format: output, mode: mode, flush: flushOut, using: &g)
        }
        let (mC, eC) = Self.split(c)
        let cSigned = c < 0 ? -Int64(mC) : Int64(mC)  // c = cSigned · 2^(eC − 52)
        let f = p.fractionBits
        if p.E >= eC {
            // C is the smaller: floor(c · 2^(f − Ep)), an arithmetic right shift.
            let s = min(p.E - f - eC + 52, 63)
            var cAligned = cSigned >> Int64(s)
            if truncateFarC && p.E - eC > 25 { cAligned = c < 0 ? -Int64(mC >> UInt64(s)) : Int64(mC >> UInt64(s)) }
            return finish(p.T &+ cAligned, exponent: p.E - f, format: output, mode: mode, flush: flushOut, using: &g)
        }
        // The product sum is the smaller: both on 2^(eC − f − 7).
        let cScaled = cSigned >> Int64(52 - f - 7)  // exact: C has at most 24 significant bits and f + 7 ≥ 24
        let d = p.E - eC + 7
        let pAligned = d >= 0 ? p.T << Int64(d) : p.T >> Int64(min(-d, 63))
        return finish(pAligned &+ cScaled, exponent: eC - f - 7, format: output, mode: mode, flush: flushOut, using: &g)
    }

    /// One block under ``MatrixUnitModel/Structure/lateC``.

    func lateC<G: RandomNumberGenerator>(
        _ a: UnsafePointer<PackedEntry>, _ b: UnsafePointer<PackedEntry>, count: Int, c: Double, using g: inout G
    ) -> Double {
        let p = alignedSum(a, b, count: count, selection: .all, c: 0)
        return addLate(p, c: c, truncateFarC: false, using: &g)
    }

    /// One block under ``MatrixUnitModel/Structure/oddEven``.

    func oddEven<G: RandomNumberGenerator>(
        _ a: UnsafePointer<PackedEntry>, _ b: UnsafePointer<PackedEntry>, count: Int, c: Double, using g: inout G
    ) -> Double {
        let even = alignedSum(a, b, count: count, selection: .even, c: 0)
        let odd = alignedSum(a, b, count: count, selection: .odd, c: 0)
        var joined: AlignedSum
        switch (even.nonzero, odd.nonzero) {
        case (false, false): joined = even
        case (true, false): joined = even
        case (false, true): joined = odd
        case (true, true):
            let (big, small) = even.E >= odd.E ? (even, odd) : (odd, even)
            joined = big
            joined.T = big.T &+ (small.T >> Int64(min(big.E - small.E, 63)))  // round-down join
        }
        return addLate(joined, c: c, truncateFarC: true, using: &g)
    }

    /// One block under ``MatrixUnitModel/Structure/split2CRN``: the two halves are
    /// ``global`` blocks rounded toward zero into binary32, then C is added with one
    /// rounding under the model's final mode.

    func split2<G: RandomNumberGenerator>(
        _ a: UnsafePointer<PackedEntry>, _ b: UnsafePointer<PackedEntry>, count: Int, c: Double, using g: inout G
    ) -> Double {
        let first = alignedSum(a, b, count: count, selection: .lowPairs, c: 0)
        let d1 = first.nonzero ? finish(first.T, exponent: first.E - first.fractionBits, format: .binary32, mode: .towardZero, flush: false, using: &g) : 0
        guard d1.isFinite else { return d1 }
        let second = alignedSum(a, b, count: count, selection: .highPairs, c: d1)
        let d2 = second.nonzero ? finish(second.T, exponent: second.E - second.fractionBits, format: .binary32, mode: .towardZero, flush: false, using: &g) : 0
        if !d2.isFinite || c == 0 {
            return d2.isFinite ? finish(x: d2, tail: 0, format: output, mode: mode, flush: flushOut, using: &g) : d2
        }
        // TwoSum (Knuth): s + e == d2 + c exactly (both binary32 values, no overflow).
        let s = d2 + c
        let bv = s - d2
        let e = (d2 - (s - bv)) + (c - bv)
        return finish(x: s, tail: e, format: output, mode: mode, flush: flushOut, using: &g)
    }

    /// One block under ``MatrixUnitModel/Structure/pairwise``: products rounded to
    /// binary32, a binary32 nearest-even tree, then C, flushing subnormals at each step.

    func pairwise<G: RandomNumberGenerator>(
        _ a: UnsafePointer<PackedEntry>, _ b: UnsafePointer<PackedEntry>, count: Int, c: Double, using g: inout G
    ) -> Double {
        let sa = significandBitsA, sb = significandBitsB
        @inline(__always) func ftz(_ x: Double) -> Double { x != 0 && x.magnitude < 0x1p-126 ? 0 : x }
        func product(_ t: Int, _ g: inout G) -> Double {
            let p = a[t].value(significandBits: sa) * b[t].value(significandBits: sb)  // exact
            if model.productLimit && p.magnitude >= 0x1p128 { return p < 0 ? -.infinity : .infinity }
            return ftz(Chop.round(p, to: .binary32, mode: .nearestEven, using: &g))
        }
        // ((p0 + p1) + (p2 + p3)) for four products; halves of ⌈n/2⌉ and ⌊n/2⌋ in general.
        func tree(_ lo: Int, _ n: Int, _ g: inout G) -> Double {
            if n == 1 { return product(lo, &g) }
            let h = (n + 1) / 2
            let x = tree(lo, h, &g), y = tree(lo + h, n - h, &g)
            return ftz(RoundedArithmetic.add(x, y, format: .binary32, mode: .nearestEven, using: &g))
        }
        let sum = count > 0 ? tree(0, count, &g) : 0
        let r = RoundedArithmetic.add(sum, c, format: output, mode: mode, using: &g)
        return flushOut ? ftz(r) : r
    }

    /// One block under ``MatrixUnitModel/Structure/exact``: the exact sum of the
    /// products and C, rounded once.

    func exact<G: RandomNumberGenerator>(
        _ a: UnsafePointer<PackedEntry>, _ b: UnsafePointer<PackedEntry>, count: Int, c: Double,
        accumulator: inout ExactAccumulator, using g: inout G
    ) -> Double {
        accumulator.reset()
        for t in 0..<count where a[t].m != 0 && b[t].m != 0 {
            let p = Int64(a[t].m) * Int64(b[t].m)
            accumulator.add(magnitude: p.magnitude, exponent: Int(a[t].e) + Int(b[t].e) - fab, negative: p < 0)
        }
        if c != 0 {
            let (mC, eC) = Self.split(c)
            accumulator.add(magnitude: mC, exponent: eC - 52, negative: c < 0)
        }
        let (x, tail) = accumulator.sum()
        return finish(x: x, tail: tail, format: output, mode: mode, flush: flushOut, using: &g)
    }
}
