import Foundation
import XCTest
import Chop
@testable import LogBessel

/// log I and log K against the mpmath reference table (50 digits, K by independent
/// quadrature, cross-checked by the Wronskian): validation/logbessel/make_reference.py.
final class ReferenceTableTests: XCTestCase {
    struct Row { var v, x, logI, logK: Double }

    static func loadTable(_ name: String = "logbessel_reference") throws -> [Row] {
        let url = try XCTUnwrap(
            Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Resources"))
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [Row] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",").map { Double(String($0))! }
            rows.append(Row(v: f[0], x: f[1], logI: f[2], logK: f[3]))
        }
        return rows
    }

    /// |error| / max(1, |reference|)
    static func err(_ got: Double, _ want: Double) -> Double {
        abs(got - want) / max(1, abs(want))
    }

    func testBinary64AgainstReferenceTable() throws {
        let rows = try Self.loadTable()
        XCTAssertGreaterThanOrEqual(rows.count, 400)
        var worstI = (0.0, 0.0, 0.0), worstK = (0.0, 0.0, 0.0)
        for r in rows {
            let gi = logBesselI(r.v, r.x), gk = logBesselK(r.v, r.x)
            XCTAssertTrue(gi.isFinite && gk.isFinite, "non-finite at v=\(r.v) x=\(r.x)")
            let ei = Self.err(gi, r.logI), ek = Self.err(gk, r.logK)
            if ei > worstI.0 { worstI = (ei, r.v, r.x) }
            if ek > worstK.0 { worstK = (ek, r.v, r.x) }
        }
        print("log I: worst relative error \(worstI.0) at v=\(worstI.1) x=\(worstI.2)")
        print("log K: worst relative error \(worstK.0) at v=\(worstK.1) x=\(worstK.2)")
        XCTAssertLessThanOrEqual(worstI.0, 1e-14)
        XCTAssertLessThanOrEqual(worstK.0, 1e-14)
    }

    /// Both sides of every region boundary, and the turning point x ≈ 0.6627 v
    /// (validation/logbessel/make_boundary.py). Near the turning point of large orders
    /// log I_v(x) and log K_v(x) are O(1) while v·η is a difference of two numbers near
    /// 1.2v; it is integrated from the turning point (DebyeExpansion.turningPointVEta),
    /// so the bound is 1e−14 there too (it was 4u√(v² + x²) / max(1, |value|), 2e−12 at
    /// v = 10⁵, before). More turning points: TurningPointTests.
    func testBinary64AcrossRegionBoundaries() throws {
        let rows = try Self.loadTable("logbessel_boundary")
        XCTAssertEqual(rows.count, 100)
        var worst = (0.0, 0.0, 0.0)
        for r in rows {
            for (got, want) in [(logBesselI(r.v, r.x), r.logI), (logBesselK(r.v, r.x), r.logK)] {
                XCTAssertTrue(got.isFinite, "non-finite at v=\(r.v) x=\(r.x)")
                let e = Self.err(got, want)
                if e > worst.0 { worst = (e, r.v, r.x) }
            }
        }
        print("boundaries and turning points: worst relative error \(worst.0) at v=\(worst.1) x=\(worst.2)")
        XCTAssertLessThanOrEqual(worst.0, 1e-14)
    }

    /// Float runs the same generic code; only grid points whose v and x are exact Floats are
    /// used, so the mpmath values are the exact references for the Float inputs too.
    func testBinary32SameCodeIsAccurateToFloatPrecision() throws {
        let rows = try Self.loadTable()
        var worst = 0.0
        for r in rows where r.x >= 1e-30 && Double(Float(r.v)) == r.v && Double(Float(r.x)) == r.x {
            let gi = Double(logBesselI(Float(r.v), Float(r.x)))
            let gk = Double(logBesselK(Float(r.v), Float(r.x)))
            XCTAssertTrue(gi.isFinite && gk.isFinite, "non-finite Float at v=\(r.v) x=\(r.x)")
            worst = max(worst, Self.err(gi, r.logI), Self.err(gk, r.logK))
        }
        print("binary32: worst relative error \(worst) on the exactly representable grid points")
        XCTAssertLessThanOrEqual(worst, 64 * Double(Float.ulpOfOne))
    }

    func testFiniteEverywhereInTheDomain() {
        let vs: [Double] = [0, 1e-300, 1e-8, 0.3, 0.5, 0.7, 0.71, 1, 3, 12.69, 12.7, 15.39, 20, 30, 56.99, 57.7, 163.7,
                            1000, 12345.6, 1e5, 1e6]
        var xs: [Double] = [Double.leastNonzeroMagnitude, 1e-300, 1e-200, 1e-100, 1e-50]
        var e = -20.0
        while e <= 5.0 { xs.append(pow(10, e)); e += 0.5 }
        xs += [19.69, 19.7, 29.99, 30.01, 59.69, 274.2, 1400, 1e10, 1e100, 1e300]
        for v in vs {
            for x in xs {
                let i = logBesselI(v, x), k = logBesselK(v, x)
                XCTAssertTrue(i.isFinite, "log I not finite at v=\(v) x=\(x): \(i)")
                XCTAssertTrue(k.isFinite, "log K not finite at v=\(v) x=\(x): \(k)")
            }
        }
    }

    func testLimitsAndBadInput() {
        XCTAssertEqual(logBesselI(0.0, 0.0), 0)
        XCTAssertEqual(logBesselI(2.5, 0.0), -.infinity)
        XCTAssertEqual(logBesselK(0.0, 0.0), .infinity)
        XCTAssertEqual(logBesselK(3.0, 0.0), .infinity)
        XCTAssertEqual(logBesselI(1.0, .infinity), .infinity)
        XCTAssertEqual(logBesselK(1.0, .infinity), -.infinity)
        XCTAssertTrue(logBesselI(1.0, -1.0).isNaN)
        XCTAssertTrue(logBesselI(-1.0, 1.0).isNaN)
        XCTAssertTrue(logBesselK(1.0, .nan).isNaN)
        XCTAssertTrue(logBesselI(Double.nan, 1.0).isNaN)
        // K is even in v
        XCTAssertEqual(logBesselK(-2.5, 3.0), logBesselK(2.5, 3.0))
        // v = 0 limit of a tiny argument: log I0(1e-10) = log1p(2.5e-21) (series 10.25.2)
        XCTAssertEqual(logBesselI(0.0, 1e-10), 2.5e-21, accuracy: 1e-36)
        // closed forms (DLMF 10.39.1): I_{1/2}(x) = sqrt(2/(pi x)) sinh x, K_{1/2}(x) = sqrt(pi/(2x)) e^-x
        for x in [1e-8, 0.3, 2.0, 25.0, 700.0] {
            let li = 0.5 * Foundation.log(2 / (Double.pi * x)) + Foundation.log(sinh(x))
            let lk = 0.5 * Foundation.log(Double.pi / (2 * x)) - x
            // (the closed forms themselves carry a few ulps of rounding error)
            XCTAssertEqual(logBesselI(0.5, x), li, accuracy: 2e-15 * max(1, abs(li)))
            XCTAssertEqual(logBesselK(0.5, x), lk, accuracy: 2e-15 * max(1, abs(lk)))
        }
    }

    /// I_{3/2}/I_{1/2} = coth x − 1/x (from DLMF 10.39.1 and 10.29.1); below x = 0.1 its
    /// Taylor series x/3 − x³/45 + 2x⁵/945 − x⁷/4725 (the closed form cancels there).
    func testRatioAgainstClosedForm() {
        for x in [1e-300, 1e-3, 0.05, 1.0, 5.0, 30.0, 300.0, 1e4, 1e8] {
            let x2 = x * x
            let want = x < 0.1 ? x * (1.0 / 3 - x2 * (1.0 / 45 - x2 * (2.0 / 945 - x2 / 4725))) : 1 / tanh(x) - 1 / x
            XCTAssertEqual(besselIRatio(0.5, x), want, accuracy: 1e-13 * want, "x=\(x)")
        }
        // mpmath 40 digits: besseli(v+1, x)/besseli(v, x)
        // (validation: mp.besseli(v+1,x,maxterms=10**7)/mp.besseli(v,x,maxterms=10**7))
        let mp: [(Double, Double, Double)] = [
            (16383, 33000, 0.6199862158985083542), (0, 1e5, 0.999994999987499875),
            (10, 5, 0.21736495304328299983), (1e4, 1e5, 0.90498261160533424159),
            (2.5, 40, 0.9269217801753202967), (100, 1e-3, 4.9504950493848162783e-6)]
        for (v, x, want) in mp {
            XCTAssertEqual(besselIRatio(v, x), want, accuracy: 1e-14 * want, "v=\(v) x=\(x)")
        }
        XCTAssertEqual(besselIRatio(3.0, 0.0), 0)
        XCTAssertEqual(besselIRatio(3.0, .infinity), 1)
        XCTAssertTrue(besselIRatio(3.0, -1.0).isNaN)
    }
}

/// The generic code in emulated bfloat16 (every operation rounded by the core kernel) and in
/// binary32, against the binary64 algorithm (validated above) at the rounded inputs.
final class PrecisionStudyTests: XCTestCase {
    func testLogSpaceStaysFiniteAndAccurateWhereNaiveOverflows() throws {
        let pts = try ReferenceTableTests.loadTable().map { (v: $0.v, x: $0.x) }
        for row in [BesselPrecisionStudy.measure(Float.self, name: "binary32", points: pts),
                    BesselPrecisionStudy.measure(BFloat16.self, name: "bfloat16", points: pts)] {
            XCTAssertEqual(row.outOfRange, 0)
            XCTAssertEqual(row.logSpaceI.nonFinite, 0, row.format)
            XCTAssertEqual(row.logSpaceK.nonFinite, 0, row.format)
            // measured 24u / 31u (binary32), 19u / 25u (bfloat16): cancellation in v·η and x − log(2πx)/2
            XCTAssertLessThanOrEqual(row.logSpaceI.maxUlps, 64, row.format)
            XCTAssertLessThanOrEqual(row.logSpaceK.maxUlps, 64, row.format)
            XCTAssertLessThanOrEqual(row.logSpaceI.medianUlps, 1, row.format)
            // the naive log(I) overflows or underflows on more than half the grid
            XCTAssertGreaterThan(row.naiveI.nonFinite, 200, row.format)
            XCTAssertGreaterThan(row.naiveK.nonFinite, 200, row.format)
        }
    }
}
