import Chop
import RoundingStudies
import XCTest

final class LUStudyTests: XCTestCase {
    /// An integer system with a known exact solution: the binary64 reference solver
    /// must recover it (to the last bit for this well-conditioned matrix).
    func testReferenceSolverOnKnownSolution() {
        let a = Matrix(n: 3, entries: [4, -2, 1, -2, 4, -2, 1, -2, 4])
        let x = [1.0, -2.0, 3.0]
        let b = (0..<3).map { i in (0..<3).reduce(0.0) { $0 + a[i, $1] * x[$1] } }
        XCTAssertEqual(LinearSystemReference.solve(a, b), x)
        XCTAssertEqual(LinearSystemReference.backwardError(a, x, b), 0)
        XCTAssertEqual(LinearSystemReference.residual(a, [1, 0, 0], b), (0..<3).map { b[$0] - a[$0, 0] })
    }

    /// GEPP is backward stable: for random matrices the normwise backward error is a
    /// small multiple of u (Higham, ASNA Thm 9.4 with modest growth); we allow n·u.
    func testBackwardErrorIsOrderU() throws {
        let study = try LUStudy(formats: [.binary16, .bfloat16], modes: [.nearestEven], sizes: [8, 32], refinementSteps: 0)
        let t = study.run()
        for (row, e) in zip(t.rows, t.column("backward_error")!) {
            guard case .real(let err) = e, case .integer(let n) = row[3], case .real(let u) = row.last! else { return XCTFail() }
            XCTAssertLessThanOrEqual(err, Double(n) * u)
            XCTAssertGreaterThan(err, 0)
        }
    }

    /// LU-IR (factor in binary16, refine with binary64 working and residual formats)
    /// converges to binary64 accuracy when κ(A)·u_f ≪ 1 (Carson & Higham 2018).
    func testIterativeRefinementReachesWorkingAccuracy() throws {
        let study = try LUStudy(formats: [.binary16], modes: [.nearestEven, .stochastic()], sizes: [20],
                                matrix: .illConditioned, kappa: 10, workingFormat: .binary64, refinementSteps: 8)
        for (before, after) in zip(study.run().column("forward_error")!, study.run().column("ir_forward_error")!) {
            guard case .real(let b) = before, case .real(let a) = after else { return XCTFail() }
            XCTAssertGreaterThan(b, 1e-5)
            XCTAssertLessThan(a, 1e-13)
        }
    }

    /// The randsvd matrix has the requested 2-norm condition number up to a factor n in
    /// the ∞-norm (‖·‖∞ and ‖·‖₂ differ by at most √n each way).
    func testIllConditionedMatrixHasRequestedConditioning() {
        let n = 16
        let a = LUStudy.makeMatrix(.illConditioned, n: n, kappa: 1e6, seed: 3)
        let k = LinearSystemReference.conditionNumber(a)
        XCTAssertGreaterThan(k, 1e6 / Double(n))
        XCTAssertLessThan(k, 1e6 * Double(n))
    }
}
