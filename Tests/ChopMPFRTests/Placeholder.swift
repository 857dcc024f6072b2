import XCTest
final class ChopMPFRTestsPlaceholder: XCTestCase { func testNothing() {} }
