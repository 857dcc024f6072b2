import XCTest
@testable import ScalingLaws
import Chop

final class LawExpressionTests: XCTestCase {
    /// A one-parameter law wrapping a formula, to evaluate it.
    func eval(_ formula: String, x: Double = 3, p: Double = 2) throws -> Double {
        let law = try ScalingLaw(name: "t", formula: formula + " + 0*p",
                                 parameters: [LawParameter("p", lower: -10, upper: 10, grid: [1])],
                                 variables: [LawVariable("x")])
        return law.evaluate(parameters: [p], variables: [x])
    }

    func testPrecedenceAndAssociativity() throws {
        // Values worked by hand.
        XCTAssertEqual(try eval("2 + 3*4^2"), 50)
        XCTAssertEqual(try eval("-2^2"), -4)
        XCTAssertEqual(try eval("2^3^2"), 512)
        XCTAssertEqual(try eval("(2+3)*4 - 6/3/2"), 19)
        XCTAssertEqual(try eval("x^-p"), 1.0 / 9)
        XCTAssertEqual(try eval("1.5e1 + 2E-1"), 15.2)
        XCTAssertEqual(try eval("log2(8) + exp(0) + log(1)"), 4)
    }

    func testDescriptionParsesBack() throws {
        for law in ScalingLaw.catalogue {
            let again = try LawExpression(parsing: law.expression.description,
                                          parameters: law.parameters.map(\.name), variables: law.variables.map(\.name))
            XCTAssertEqual(again, law.expression, law.name)
        }
    }

    func testBadFormulasThrowOneLineErrors() {
        let cases = ["E + A/N^alpah", "E + (A", "E + A)", "E +", "E $ A"]
        for f in cases {
            XCTAssertThrowsError(try LawExpression(parsing: f, parameters: ["E", "A", "alpha"], variables: ["N"]), f) { e in
                XCTAssertFalse("\(e)".contains("\n"))
            }
        }
        XCTAssertThrowsError(try LawExpression(parsing: "E + A/N^alpah", parameters: ["E", "A", "alpha"], variables: ["N"])) {
            XCTAssertTrue("\($0)".contains("'alpah'"))
        }
    }

    func testLawValidation() {
        XCTAssertThrowsError(try ScalingLaw(name: "x", formula: "A/N", parameters: [
            LawParameter("A", lower: 1, upper: 2, grid: [1]), LawParameter("unused", lower: 0, upper: 1, grid: [0])],
            variables: [LawVariable("N")]))
        XCTAssertThrowsError(try ScalingLaw(name: "x", formula: "A/N", parameters: [
            LawParameter("A", lower: 0, upper: 2, logScale: true, grid: [1])], variables: [LawVariable("N")]))
        XCTAssertThrowsError(try ScalingLaw.named("nope")) { XCTAssertTrue("\($0)".contains("'nope'")) }
    }

    /// The reverse-mode gradient of the objective against central finite
    /// differences (an independent derivative), for every catalogue law.
    func testObjectiveGradientMatchesFiniteDifferences() throws {
        var rng = SplitMix64(seed: 11)
        for law in ScalingLaw.catalogue {
            let points = (0..<30).map { _ in law.variables.map { v -> Double in
                switch v.name {
                case "N": return 1e8 * exp(3 * rng.nextUnit())
                case "D": return 1e10 * exp(3 * rng.nextUnit())
                case "B", "G": return [32.0, 128, 512][Int(rng.next() % 3)]
                default: return Double(1 + rng.next() % 6)
                }
            } }
            let truth = law.parameters.map { p in p.logScale ? p.grid[p.grid.count / 2] : p.grid[0] }
            let data = try ScalingDataset(law: law, rows: points,
                                          response: points.map { law.evaluate(parameters: truth, variables: $0) * (1 + 0.01 * rng.nextGaussian()) })
            let objective = HuberObjective(law: law, data: data, delta: 1e-1)  // quadratic branch: smooth
            let theta = objective.coordinates(fromParameters: truth).map { $0 + 0.05 }
            var g = [Double](repeating: 0, count: theta.count)
            _ = objective.value(at: theta, gradient: &g)
            for k in theta.indices {
                let h = 1e-6 * max(1, abs(theta[k]))
                var up = theta, down = theta, scratch = g
                up[k] += h; down[k] -= h
                let fd = (objective.value(at: up, gradient: &scratch) - objective.value(at: down, gradient: &scratch)) / (2 * h)
                XCTAssertEqual(g[k], fd, accuracy: 1e-5 * max(1, abs(fd)), "\(law.name) \(law.parameters[k].name)")
            }
        }
    }

    func testHuberMatchesDefinition() {
        XCTAssertEqual(HuberObjective.huber(0.5e-3, delta: 1e-3), 0.125e-6)
        XCTAssertEqual(HuberObjective.huber(-3e-3, delta: 1e-3), 1e-3 * 2.5e-3, accuracy: 1e-18)
    }
}
