import XCTest
final class ChopTestsPlaceholder: XCTestCase { func testNothing() {} }
