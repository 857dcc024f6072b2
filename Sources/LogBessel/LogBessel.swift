// LogBessel: logarithms of the modified Bessel functions I_v(x) and K_v(x), computed
// directly in log space (Plesner, Sørensen & Hauberg, ICS 2024, arXiv 2409.08729), so
// nothing overflows or underflows for any order v >= 0 and argument x > 0 in the format.
//
// Entry points: `logBesselI(_:_:)`, `logBesselK(_:_:)`, `besselIRatio(_:_:)`,
// `BesselRegion` (which expansion is used where), and the von Mises–Fisher application
// (`VonMisesFisher`, `VonMisesFisherSampler`).
