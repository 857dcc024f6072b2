import Foundation
import RoundingStudies
import XCTest

final class StudyTableTests: XCTestCase {
    let table = StudyTable(columns: ["name", "n", "x"], rows: [
        [.text("a,b"), .integer(3), .real(0.1)],
        [.text("q\"uote"), .integer(-1), .real(.infinity)],
        [.text("m"), .missing, .real(.nan)],
    ])

    func testJSONParsesWithFoundation() throws {
        let data = Data(table.renderedAsJSON().utf8)
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        XCTAssertEqual(parsed.count, 3)
        XCTAssertEqual(parsed[0]["name"] as? String, "a,b")
        XCTAssertEqual(parsed[0]["x"] as? Double, 0.1)
        XCTAssertEqual(parsed[1]["x"] as? String, "inf")
        XCTAssertTrue(parsed[2]["n"] is NSNull)
    }

    func testCSVQuotingAndText() {
        XCTAssertEqual(table.renderedAsCSV(), "name,n,x\n\"a,b\",3,0.1\n\"q\"\"uote\",-1,inf\nm,,nan\n")
        let lines = table.renderedAsText().split(separator: "\n")
        XCTAssertEqual(lines.count, 5)
        XCTAssertEqual(lines[0], "name     n    x")
    }
}

final class FormatZooStudyTests: XCTestCase {
    /// OCP MX spec: E2M1 positive values are 0.5, 1, 1.5, 2, 3, 4, 6 (0.5 subnormal);
    /// E4M3FN has 126 positive finite values (max 448, min subnormal 2⁻⁹); binary16 has
    /// 31743 (0x7BFF patterns from 0x0001).
    func testKnownValueSets() throws {
        XCTAssertEqual(FormatZooStudy.positiveValues(of: .e2m1fn), [0.5, 1, 1.5, 2, 3, 4, 6])
        let e4m3 = FormatZooStudy.positiveValues(of: .e4m3fn)
        XCTAssertEqual(e4m3.count, 126)
        XCTAssertEqual(e4m3.first, 0x1p-9)
        XCTAssertEqual(e4m3.last, 448)
        XCTAssertEqual(FormatZooStudy.positiveValues(of: .binary16).count, 0x7BFF)
        XCTAssertThrowsError(try FormatZooStudy(formats: [.binary32]))
        let t = try FormatZooStudy(formats: [.e2m1fn]).run()
        XCTAssertEqual(t.column("subnormal"), [1, 0, 0, 0, 0, 0, 0].map { .integer($0) })
    }
}
