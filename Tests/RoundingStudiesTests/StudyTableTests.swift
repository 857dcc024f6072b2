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
