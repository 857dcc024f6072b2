import XCTest
import RealModule
@testable import Chop

/// `Real` functions of the typed floats against correctly rounded values computed by
/// mpmath at 60 digits (validation/typed_elementary_reference.py, committed output in
/// EmulatedElementaryReference.swift). Results must match exactly unless the exact
/// value lies within 10⁻⁶ of a quantum from a rounding boundary (the documented
/// libm caveat), where either neighbour is accepted.
final class EmulatedElementaryTests: XCTestCase {
    func evaluate<S: EmulatedFormatSpec>(_: S.Type, _ name: String, _ x: Double) -> Double {
        typealias T = Emulated<S, Rounding.NearestEven>
        let v = T(x)
        XCTAssertEqual(v.doubleValue, x, "input must be a format value")
        switch name {
        case "exp": return T.exp(v).doubleValue
        case "log": return T.log(v).doubleValue
        case "sin": return T.sin(v).doubleValue
        case "cos": return T.cos(v).doubleValue
        case "tan": return T.tan(v).doubleValue
        case "atan": return T.atan(v).doubleValue
        case "tanh": return T.tanh(v).doubleValue
        case "erf": return T.erf(v).doubleValue
        case "log1p": return T.log(onePlus: v).doubleValue
        case "expm1": return T.expMinusOne(v).doubleValue
        case "exp2": return T.exp2(v).doubleValue
        case "log2": return T.log2(v).doubleValue
        default: XCTFail("unknown function \(name)"); return .nan
        }
    }

    func testElementaryFunctionsAreCorrectlyRoundedAwayFromTies() {
        var checked = 0, nearTies = 0
        for (format, name, x, expected, distance) in emulatedElementaryReference {
            let got = format == "bfloat16" ? evaluate(BFloat16Spec.self, name, x) : evaluate(Binary16Spec.self, name, x)
            if distance > 1e-6 {
                XCTAssertEqual(got, expected, "\(format) \(name)(\(x))")
                checked += 1
            } else {
                nearTies += 1
            }
        }
        XCTAssertGreaterThan(checked, 1200)
        XCTAssertEqual(nearTies, 0)   // none in this sample: every row is a strict check
    }
}
