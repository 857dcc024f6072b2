// An independent reference for the matrix-unit models, written from the rules in
// MATRIX-UNITS.md §1 (which paraphrase MATLAB-tensor-core's Generic_BFMA_TC.m and
// GEMM.m) with exact dyadic arithmetic on Int128 and its own integer rounding. It
// shares no code with MatrixUnits: no packing, no kernel, no accumulator.
import Chop
@testable import MatrixUnits

/// An exact dyadic number `num · 2^exp`.
struct Dyadic {
    var num: Int128
    var exp: Int

    static let zero = Dyadic(num: 0, exp: 0)

    /// The exact value of a finite Double.
    init(_ x: Double) {
        precondition(x.isFinite)
        if x == 0 { self.init(num: 0, exp: 0); return }
        // x = ±(2^52 + fraction) · 2^(exponent − 52) for normal doubles (all test values are normal).
        let m = Int128(x.significandBitPattern | (1 << 52))
        self.init(num: x < 0 ? -m : m, exp: Int(x.exponent) - 52)
    }

    /// Normalised: trailing zero bits of `num` are moved into `exp`.
    init(num: Int128, exp: Int) {
        if num == 0 { self.num = 0; self.exp = 0; return }
        let tz = num.trailingZeroBitCount
        self.num = num >> tz
        self.exp = exp + tz
    }

    static func * (a: Dyadic, b: Dyadic) -> Dyadic { Dyadic(num: a.num * b.num, exp: a.exp + b.exp) }

    /// Exact when the two operands' bits span at most 120 positions. Beyond that the
    /// smaller operand is replaced by a same-signed value 100 binades below the larger
    /// one's leading bit (a sticky bit): every rounding to ≤ 60 bits, toward zero or to
    /// nearest, is unchanged. The tests only round such sums.
    static func + (a: Dyadic, b: Dyadic) -> Dyadic {
        if a.num == 0 { return b }
        if b.num == 0 { return a }
        var a = a, b = b
        if a.floorLog2 < b.floorLog2 { swap(&a, &b) }
        if a.floorLog2 - b.exp > 120 {
            let lowest = a.floorLog2 - 100
            if b.floorLog2 < lowest - 1 { b = Dyadic(num: b.num < 0 ? -1 : 1, exp: lowest - 1) }
            if a.exp < lowest - 1 { a = Dyadic(num: a.num, exp: a.exp) }  // a is exact as given
        }
        let e = min(a.exp, b.exp)
        return Dyadic(num: (a.num << (a.exp - e)) + (b.num << (b.exp - e)), exp: e)
    }

    /// ⌊log₂|x|⌋ (x ≠ 0).
    var floorLog2: Int { (127 - num.magnitude.leadingZeroBitCount) + exp }

    /// The magnitude cut to multiples of 2^q: truncated toward zero (`floor == false`)
    /// or floored (toward −∞, on the signed value), as an integer count of 2^q.
    func quantized(_ q: Int, floor: Bool) -> Int128 {
        let s = q - exp
        if s <= 0 { return num << -s }
        if s >= 127 { return floor && num < 0 ? -1 : 0 }
        if floor { return num >> s }  // arithmetic shift = floor
        let m = num.magnitude >> s
        return num < 0 ? -Int128(m) : Int128(m)
    }
}

enum RefRounding { case towardZero, nearestEven }

/// Rounds `x` to a binary format with precision `p`, normal exponents emin…emax and
/// gradual underflow; results of magnitude ≥ 2^(emax+1) give ±∞ in both modes (the
/// MATRIX-UNITS.md §5 overflow rule). Own integer code, no kernel.
func refRound(_ x: Dyadic, p: Int, emin: Int, emax: Int, mode: RefRounding) -> Double {
    if x.num == 0 { return 0 }
    let negative = x.num < 0
    let mag = x.num.magnitude
    let e = x.floorLog2
    let q = max(e, emin) - (p - 1)
    var kept: UInt128
    if x.exp >= q {
        kept = mag << (x.exp - q)
    } else {
        let s = q - x.exp
        if s > 127 {
            kept = 0
            // below half the quantum: both modes give zero
        } else {
            kept = mag >> s
            let rem = mag - (kept << s)
            if mode == .nearestEven {
                let half = UInt128(1) << (s - 1)
                if rem > half || (rem == half && kept & 1 == 1) { kept += 1 }
            }
        }
    }
    if kept == 0 { return negative ? -0.0 : 0 }
    // value = kept · 2^q; overflow when ≥ 2^(emax+1)
    let top = (127 - kept.leadingZeroBitCount) + q
    if top >= emax + 1 { return negative ? -.infinity : .infinity }
    let v = Double(kept) * pow2(q)
    return negative ? -v : v
}

func pow2(_ e: Int) -> Double {
    // exact for −1074…1023 by repeated scaling
    var r = 1.0, k = e
    while k > 0 { let s = min(k, 1000); r *= Double(sign: .plus, exponent: s, significand: 1); k -= s }
    while k < 0 { let s = max(k, -1000); r *= Double(sign: .plus, exponent: s, significand: 1); k -= s }
    return r
}

/// The reference implementation of one model's rules.
struct ReferenceModel {
    let model: MatrixUnitModel

    var outP: Int { model.output.significandBits + 1 }

    func roundOut(_ x: Dyadic, mode: RefRounding? = nil) -> Double {
        let m = mode ?? (model.finalRounding == .towardZero ? .towardZero : .nearestEven)
        var r = refRound(x, p: outP, emin: model.output.emin, emax: model.output.emax, mode: m)
        if r == 0 { r = 0 }  // exact or rounded zero: compare as +0 below
        if model.flushSubnormalOutputs && r != 0 && abs(r) < pow2(model.output.emin) { r = 0 }
        return r
    }

    /// max(⌊log₂|v|⌋, emin) of an input value.
    func alignmentExponent(_ v: Double, _ f: FloatFormat) -> Int { max(Dyadic(v).floorLog2, f.emin) }

    func flushIn(_ v: Double, _ f: FloatFormat) -> Double {
        model.flushSubnormalInputs && v != 0 && abs(v) < pow2(f.emin) ? 0 : v
    }

    /// Terms (value, alignment exponent) of the nonzero products.
    func products(_ a: [Double], _ b: [Double]) -> [(Dyadic, Int)] {
        var r: [(Dyadic, Int)] = []
        for (x, y) in zip(a, b) {
            let x = flushIn(x, model.inputA), y = flushIn(y, model.inputB)
            if x == 0 || y == 0 { continue }
            r.append((Dyadic(x) * Dyadic(y), alignmentExponent(x, model.inputA) + alignmentExponent(y, model.inputB)))
        }
        return r
    }

    /// The global block rule: align products and C to the largest exponent, keep F
    /// fraction bits of each magnitude (truncation), sum exactly: returns the sum as a
    /// dyadic and whether anything was nonzero.
    func truncatedSum(_ terms: [(Dyadic, Int)], c: Double?) -> Dyadic? {
        var all = terms
        if let c, c != 0 { all.append((Dyadic(c), max(Dyadic(c).floorLog2, -126))) }
        guard !all.isEmpty else { return nil }
        var E = all.map(\.1).max()!
        if let limit = model.minimumExponent { E = max(E, limit) }
        let F = model.alignmentFractionBits
        var S: Int128 = 0
        for (v, _) in all { S += v.quantized(E - F, floor: false) }
        return Dyadic(num: S, exp: E - F)
    }

    func globalBlock(_ a: [Double], _ b: [Double], c: Double) -> Double {
        guard let s = truncatedSum(products(a, b), c: c) else { return 0 }
        return roundOut(s)
    }

    func exactBlock(_ a: [Double], _ b: [Double], c: Double) -> Double {
        var s = Dyadic.zero
        for (v, _) in products(a, b) { s = s + v }
        if c != 0 { s = s + Dyadic(c) }
        return roundOut(s)
    }

    /// CDNA3 late C (MATRIX-UNITS.md §1 `late_c`), on a product sum with its exponent.
    func addLate(_ p: Dyadic?, pExp: Int, c: Double, farCTruncates: Bool) -> Double {
        guard let p else { return roundOut(Dyadic(c)) }
        if c == 0 { return roundOut(p) }
        let F = model.alignmentFractionBits
        let eC = max(Dyadic(c).floorLog2, -126)
        if pExp >= eC {
            let far = farCTruncates && pExp - eC > 25
            let cq = Dyadic(c).quantized(pExp - F, floor: !far)
            return roundOut(p + Dyadic(num: cq, exp: pExp - F))
        }
        let q = eC - F - 7
        return roundOut(Dyadic(num: p.quantized(q, floor: true), exp: q) + Dyadic(c))
    }

    func productsOnly(_ terms: [(Dyadic, Int)]) -> (Dyadic, Int)? {
        guard let E0 = terms.map(\.1).max() else { return nil }
        let E = max(E0, model.minimumExponent ?? E0)
        let F = model.alignmentFractionBits
        var S: Int128 = 0
        for (v, _) in terms { S += v.quantized(E - F, floor: false) }
        return (Dyadic(num: S, exp: E - F), E)
    }

    func lateCBlock(_ a: [Double], _ b: [Double], c: Double) -> Double {
        let p = productsOnly(products(a, b))
        return addLate(p?.0, pExp: p?.1 ?? 0, c: c, farCTruncates: false)
    }

    func oddEvenBlock(_ a: [Double], _ b: [Double], c: Double) -> Double {
        let even = stride(from: 0, to: a.count, by: 2), odd = stride(from: 1, to: a.count, by: 2)
        let pe = productsOnly(products(even.map { a[$0] }, even.map { b[$0] }))
        let po = productsOnly(products(odd.map { a[$0] }, odd.map { b[$0] }))
        var joined: (Dyadic, Int)?
        switch (pe, po) {
        case let (x?, y?):
            let (big, small) = x.1 >= y.1 ? (x, y) : (y, x)
            let q = big.1 - model.alignmentFractionBits
            joined = (big.0 + Dyadic(num: small.0.quantized(q, floor: true), exp: q), big.1)
        case let (x?, nil): joined = x
        case let (nil, y?): joined = y
        default: joined = nil
        }
        return addLate(joined?.0, pExp: joined?.1 ?? 0, c: c, farCTruncates: true)
    }

    func binary32(_ x: Dyadic) -> Double {
        let r = refRound(x, p: 24, emin: -126, emax: 127, mode: .nearestEven)
        return r != 0 && abs(r) < pow2(-126) ? 0 : r
    }

    func pairwiseBlock(_ a: [Double], _ b: [Double], c: Double) -> Double {
        var level: [Double] = zip(a, b).map { x, y in
            let x = flushIn(x, model.inputA), y = flushIn(y, model.inputB)
            if x == 0 || y == 0 { return 0 }
            return binary32(Dyadic(x) * Dyadic(y))
        }
        func tree(_ xs: ArraySlice<Double>) -> Double {
            if xs.count == 1 { return xs.first! }
            let h = (xs.count + 1) / 2
            let l = tree(xs.prefix(h)), r = tree(xs.dropFirst(h))
            return binary32(Dyadic(l) + Dyadic(r))
        }
        level = [tree(level[...])]
        return roundOut(Dyadic(level[0]) + Dyadic(c))
    }

    func split2Block(_ a: [Double], _ b: [Double], c: Double) -> Double {
        let lo = a.indices.filter { $0 % 4 < 2 }, hi = a.indices.filter { $0 % 4 >= 2 }
        func half(_ idx: [Int], _ c: Double) -> Double {
            guard let s = truncatedSum(products(idx.map { a[$0] }, idx.map { b[$0] }), c: c) else { return 0 }
            return refRound(s, p: 24, emin: -126, emax: 127, mode: .towardZero)
        }
        let d1 = half(lo, 0)
        let d2 = half(hi, d1)
        return roundOut(Dyadic(d2) + Dyadic(c))
    }

    func block(_ a: [Double], _ b: [Double], c: Double) -> Double {
        let c = model.flushSubnormalOutputs && c != 0 && abs(c) < pow2(model.output.emin) ? 0 : c
        switch model.structure {
        case .global: return globalBlock(a, b, c: c)
        case .exact: return exactBlock(a, b, c: c)
        case .lateC: return lateCBlock(a, b, c: c)
        case .oddEven: return oddEvenBlock(a, b, c: c)
        case .pairwise: return pairwiseBlock(a, b, c: c)
        case .split2CRN: return split2Block(a, b, c: c)
        }
    }

    /// One entry of D: blocks of k in increasing order, D of a block is the next C;
    /// with promotion, chains from 0 per interval added into a binary32 RNE accumulator.
    func dot(_ a: [Double], _ b: [Double], c: Double) -> Double {
        let K = a.count
        let k = model.blockSize == 0 ? K : model.blockSize
        func chain(_ lo: Int, _ hi: Int, _ c: Double) -> Double {
            var d = c
            var s = lo
            while s < hi {
                let e = min(s + k, hi)
                d = block(Array(a[s..<e]), Array(b[s..<e]), c: d)
                if !d.isFinite { return d }
                s = e
            }
            return d
        }
        guard let n = model.promotionInterval else { return chain(0, K, c) }
        var acc = c
        var s = 0
        while s < K {
            let e = min(s + n, K)
            let unit = chain(s, e, 0)
            acc = refRound(Dyadic(acc) + Dyadic(unit), p: 24, emin: -126, emax: 127, mode: .nearestEven)
            s = e
        }
        return acc
    }

    func gemm(_ A: [[Double]], _ B: [[Double]], _ C: [[Double]]) -> [[Double]] {
        let n = B[0].count
        return A.indices.map { i in
            (0..<n).map { j in dot(A[i], B.map { $0[j] }, c: C[i][j]) }
        }
    }
}

/// Random values of a format from their fields (sign, exponent within `exponents`,
/// random stored bits), with zeros and subnormals mixed in.
struct ValueGenerator {
    var rng: Xoshiro256StarStar

    mutating func uniform(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }

    mutating func value(_ f: FloatFormat, exponents: ClosedRange<Int>) -> Double {
        while true {
            let r = uniform(20)
            if r == 0 { return 0 }
            let sb = f.significandBits
            let frac = sb == 0 ? 0 : Int(rng.next() % (1 << UInt64(sb)))
            var v: Double
            if r == 1 && f.subnormals && sb > 0 && f.emin >= exponents.lowerBound {
                v = Double(max(frac, 1)) * pow2(f.emin - sb)  // subnormal
            } else {
                let e = max(f.emin, exponents.lowerBound) + uniform(exponents.upperBound - max(f.emin, exponents.lowerBound) + 1)
                v = Double((1 << sb) + frac) * pow2(e - sb)
            }
            if rng.next() & 1 == 1 { v = -v }
            if abs(v) <= f.maxFinite { return v }
        }
    }

    mutating func matrix(_ rows: Int, _ cols: Int, _ f: FloatFormat, exponents: ClosedRange<Int>) -> [[Double]] {
        (0..<rows).map { _ in (0..<cols).map { _ in value(f, exponents: exponents) } }
    }
}
