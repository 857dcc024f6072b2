import Chop
import XCTest

/// SIMD vectors of typed floats: every lane of every operation equals the scalar
/// operation on that lane (which is checked against MPFR elsewhere), stochastic lanes
/// reproduce the scalar sequence for a seed, and the storage is the encodings.
final class EmulatedSIMDTests: XCTestCase {
    func randomVector<S, M>(_ type: SIMD8<Emulated<S, M>>.Type, _ g: inout Xoshiro256StarStar) -> SIMD8<Emulated<S, M>>
    where S.Storage: SIMDScalar {
        var v = SIMD8<Emulated<S, M>>()
        for i in 0..<8 {
            let x = Double(sign: g.next() & 1 == 0 ? .plus : .minus, exponent: Int(g.next() % 12) - 6,
                           significand: 1 + Double(g.next() >> 11) * 0x1p-53)
            v[i] = Emulated(x)
        }
        return v
    }

    func checkLanes<S, M>(_ type: Emulated<S, M>.Type) where S.Storage: SIMDScalar {
        var g = Xoshiro256StarStar(seed: 21)
        func same(_ a: Emulated<S, M>, _ b: Emulated<S, M>) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }
        for _ in 0..<200 {
            let a = randomVector(SIMD8<Emulated<S, M>>.self, &g), b = randomVector(SIMD8<Emulated<S, M>>.self, &g)
            let c = randomVector(SIMD8<Emulated<S, M>>.self, &g)
            let sum = a + b, difference = a - b, product = a * b, quotient = a / b
            let root = a.squareRoot(), fused = c.addingProduct(a, b), less = a .< b
            for i in 0..<8 {
                XCTAssertTrue(same(sum[i], a[i] + b[i]), "\(S.format.name) +")
                XCTAssertTrue(same(difference[i], a[i] - b[i]))
                XCTAssertTrue(same(product[i], a[i] * b[i]))
                XCTAssertTrue(same(quotient[i], a[i] / b[i]))
                XCTAssertTrue(same(root[i], a[i].squareRoot()))
                XCTAssertTrue(same(fused[i], c[i].addingProduct(a[i], b[i])))
                XCTAssertEqual(less[i], a[i] < b[i])
            }
            XCTAssertEqual((a * 2)[3].doubleValue, (a[3] * 2).doubleValue)
            XCTAssertEqual(sum.sum().bitPattern, (0..<8).reduce(Emulated<S, M>(0)) { $0 + sum[$1] }.bitPattern)
        }
    }

    func testLanesEqualScalarOperations() {
        checkLanes(BFloat16.self)
        checkLanes(Half.self)
        checkLanes(Float8E4M3FN.self)
        checkLanes(BFloat16.Rounded<Rounding.TowardZero>.self)
        checkLanes(Float4E2M1.self)
    }

    /// A stochastic vector operation draws lane by lane, as the scalar loop does.
    func testStochasticLanesReproduceTheScalarSequence() {
        let a = SIMD4<StochasticBFloat16>(1, 2, 3, 5), b = SIMD4<StochasticBFloat16>(3, 3, 7, 11)
        let vector = StochasticRounding.withSeed(17) { a / b }
        let scalars = StochasticRounding.withSeed(17) { (0..<4).map { a[$0] / b[$0] } }
        XCTAssertEqual((0..<4).map { vector[$0].bitPattern }, scalars.map(\.bitPattern))
    }

    /// The storage is the lanes' encodings.
    func testStorageIsTheEncodings() {
        XCTAssertEqual(MemoryLayout<SIMD16<Float8E4M3FN>>.size, 16)
        XCTAssertEqual(MemoryLayout<SIMD8<BFloat16>>.size, 16)
        let v = SIMD4<BFloat16>(0.1, 1, -2, .infinity)
        XCTAssertEqual(v[0].bitPattern, 0x3dcd)
        XCTAssertEqual((0..<4).map { v[$0].doubleValue }, [0.10009765625, 1, -2, .infinity])
        XCTAssertEqual("\(v)", "SIMD4<Emulated<BFloat16Spec, NearestEven>>(0.1, 1.0, -2.0, inf)")
    }
}
