// TEMPORARY shim with the signature of `RoundedArithmetic` from branch `typed`.
// Deleted when `typed` is merged; never part of a final commit.
import Chop

enum RoundedArithmetic {
    static func add<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, format: FloatFormat, mode: RoundingMode, using g: inout G
    ) -> Double {
        let s = a + b
        guard s.isFinite else { return Chop.round(s, to: format, mode: mode, using: &g) }
        let bb = s - a
        let e = (a - (s - bb)) + (b - bb)
        return Chop.round(s, tail: e, to: format, mode: mode, using: &g)
    }
    static func subtract<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, format: FloatFormat, mode: RoundingMode, using g: inout G
    ) -> Double {
        add(a, -b, format: format, mode: mode, using: &g)
    }
    static func multiply<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, format: FloatFormat, mode: RoundingMode, using g: inout G
    ) -> Double {
        let p = a * b
        guard p.isFinite else { return Chop.round(p, to: format, mode: mode, using: &g) }
        let e = (-p).addingProduct(a, b)
        return Chop.round(p, tail: e, to: format, mode: mode, using: &g)
    }
    static func divide<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, format: FloatFormat, mode: RoundingMode, using g: inout G
    ) -> Double {
        let q = a / b
        guard q.isFinite, q != 0 else { return Chop.round(q, to: format, mode: mode, using: &g) }
        let r = a.addingProduct(-q, b)
        return Chop.round(q, tail: r / b, to: format, mode: mode, using: &g)
    }
    static func fusedMultiplyAdd<G: RandomNumberGenerator>(
        _ a: Double, _ b: Double, _ c: Double, format: FloatFormat, mode: RoundingMode, using g: inout G
    ) -> Double {
        let p = a * b
        let e = (-p).addingProduct(a, b)
        let s = p + c
        guard s.isFinite else { return Chop.round(s, to: format, mode: mode, using: &g) }
        let bb = s - p
        let t = (p - (s - bb)) + (c - bb) + e
        let s2 = s + t
        let t2 = t - (s2 - s)
        return Chop.round(s2, tail: t2, to: format, mode: mode, using: &g)
    }
}
