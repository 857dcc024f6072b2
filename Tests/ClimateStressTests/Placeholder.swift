import XCTest
final class ClimateStressTestsPlaceholder: XCTestCase { func testNothing() {} }
