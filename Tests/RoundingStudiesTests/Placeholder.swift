import XCTest
final class RoundingStudiesTestsPlaceholder: XCTestCase { func testNothing() {} }
