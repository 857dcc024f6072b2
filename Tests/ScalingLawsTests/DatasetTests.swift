import XCTest
import ScalingLaws

final class DatasetTests: XCTestCase {
    let header = "N,D,E,M,B,loss\n"
    func rows(_ k: Int) -> String {
        (0..<k).map { "\(1e8 * Double($0 + 1)),1e10,4,3,128,3.1" }.joined(separator: "\n")
    }

    func testParsesAndIgnoresExtraColumnsAndSpaces() throws {
        let text = "note, N ,D,loss\nx, 1e9, 2e10 ,2.5\n\ny,2e9,4e10,2.4\n" + (0..<4).map { "z,\(3 + $0)e9,1e11,2.3" }.joined(separator: "\n")
        let data = try ScalingDataset(csv: text, law: .chinchilla)
        XCTAssertEqual(data.count, 6)
        XCTAssertEqual(data.rows[0], [1e9, 2e10])
        XCTAssertEqual(data.response[1], 2.4)
    }

    func testMissingColumn() {
        XCTAssertThrowsError(try ScalingDataset(csv: "N,D,E,M,loss\n1,2,3,4,5", law: .fpQuant)) {
            XCTAssertEqual($0 as? ScalingLawError, .missingColumn("B", available: ["N", "D", "E", "M", "loss"]))
            XCTAssertEqual("\($0)", "missing column 'B' (the header has: N, D, E, M, loss)")
        }
    }

    func testNonPositiveAndNonNumericValues() {
        XCTAssertThrowsError(try ScalingDataset(csv: header + rows(3) + "\n-5,1e10,4,3,128,3", law: .fpQuant)) {
            XCTAssertEqual($0 as? ScalingLawError, .outOfDomain(row: 4, column: "N", value: -5, requirement: "positive"))
        }
        XCTAssertThrowsError(try ScalingDataset(csv: header + rows(9) + "\n1e9,1e10,4,3,128,0", law: .fpQuant)) {
            XCTAssertTrue("\($0)".contains("'loss'"))
        }
        XCTAssertThrowsError(try ScalingDataset(csv: header + rows(9) + "\n1e9,1e10,4,3,1,3", law: .fpQuant)) {
            XCTAssertTrue("\($0)".contains("greater than 1"))
        }
        XCTAssertThrowsError(try ScalingDataset(csv: header + "1e9,abc,4,3,128,3", law: .fpQuant)) {
            XCTAssertEqual($0 as? ScalingLawError, .badValue(row: 1, column: "D", text: "abc"))
        }
        // M = 0 (e.g. E8M0) is allowed.
        XCTAssertNoThrow(try ScalingDataset(csv: header + rows(8) + "\n1e9,1e10,8,0,32,3", law: .fpQuant))
    }

    func testTooFewRows() {
        XCTAssertThrowsError(try ScalingDataset(csv: header + rows(8), law: .fpQuant)) {
            XCTAssertEqual($0 as? ScalingLawError, .tooFewRows(have: 8, need: 9))
        }
        XCTAssertThrowsError(try ScalingDataset(csv: "", law: .fpQuant))
    }
}
