import RealModule

/// log I_v(x), the logarithm of the modified Bessel function of the first kind, for real
/// order v ≥ 0 and argument x ≥ 0, in any `Real & BinaryFloatingPoint` type.
///
/// The logarithm is computed directly (intermediate quantities stay on a log scale), so the
/// result is finite for every finite v ≥ 0 and x > 0 of the type, e.g. log I₁₀₀₀₀₀(1e−300)
/// = −7.0e7 and log I₀(1e5) = 99994.2, with relative error |error| / max(1, |log I|) a few
/// units of the type's unit roundoff (≤ 1e−14 in binary64 on the reference table).
/// The method per point is `BesselRegion(order: v, argument: x)`.
///
/// Edge cases: x = 0 gives 0 for v = 0 and −∞ for v > 0 (the limit); x = +∞ gives +∞;
/// v = +∞ (x finite) gives −∞;
/// x < 0, v < 0 or a NaN give NaN (negative orders and arguments are not supported).
@inlinable
public func logBesselI<T: Real & BinaryFloatingPoint>(_ v: T, _ x: T) -> T {
    switch BesselRegion(order: v, argument: x) {
    case .limit:
        if x.isNaN || v.isNaN || x < 0 || v < 0 { return .nan }
        if x == 0 { return v == 0 ? 0 : -.infinity }
        if v.isInfinite { return -.infinity }  // I_v(x) -> 0 as v -> inf for finite x
        return .infinity  // x = +inf
    case .largeArgument:
        if let r = LargeArgumentExpansion<T>.logI(v, x) { return r }
        if v > 0, let r = DebyeExpansion<T>.logI(v, x) { return r }
        return AscendingSeries<T>.logI(v, x)
    case .uniform:
        if let r = DebyeExpansion<T>.logI(v, x) { return r }
        return AscendingSeries<T>.logI(v, x)
    case .seriesOrIntegral:
        return AscendingSeries<T>.logI(v, x)
    }
}

/// log K_v(x), the logarithm of the modified Bessel function of the second kind, for real
/// order v (K₋ᵥ = Kᵥ, so the sign of v is ignored) and argument x ≥ 0, in any
/// `Real & BinaryFloatingPoint` type.
///
/// Finite for every finite v and x > 0 of the type, e.g. log K₁₀₀₀₀₀(1e−300) = 7.0e7 and
/// log K₀(1e5) = −100006.1, with relative error |error| / max(1, |log K|) a few units of
/// the unit roundoff (≤ 1e−14 in binary64 on the reference table). Uses the large-argument
/// or uniform expansion where they converge to the unit roundoff, otherwise a trapezoid
/// rule on the integral representation (see `BesselRegion`).
///
/// Edge cases: x = 0 or v = ±∞ give +∞ (the limits); x = +∞ gives −∞; x < 0 or a NaN
/// give NaN.
@inlinable
public func logBesselK<T: Real & BinaryFloatingPoint>(_ v: T, _ x: T) -> T {
    let v = abs(v)
    switch BesselRegion(order: v, argument: x) {
    case .limit:
        if x.isNaN || v.isNaN || x < 0 { return .nan }
        if x == 0 { return .infinity }
        if x.isInfinite { return -.infinity }
        return .infinity  // v = +inf
    case .largeArgument:
        if let r = LargeArgumentExpansion<T>.logK(v, x) { return r }
        if v > 0, let r = DebyeExpansion<T>.logK(v, x) { return r }
        return smallArgumentLogK(v, x)
    case .uniform:
        if let r = DebyeExpansion<T>.logK(v, x) { return r }
        return smallArgumentLogK(v, x)
    case .seriesOrIntegral:
        return smallArgumentLogK(v, x)
    }
}

/// Temme's series for x ≤ 2, the trapezoid rule on the integral representation above.
@inlinable
func smallArgumentLogK<T: Real & BinaryFloatingPoint>(_ v: T, _ x: T) -> T {
    x <= 2 ? TemmeSeries<T>.logK(v, x) : KIntegral<T>.logK(v, x)
}

