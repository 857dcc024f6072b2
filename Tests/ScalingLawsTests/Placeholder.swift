import XCTest
final class ScalingLawsTestsPlaceholder: XCTestCase { func testNothing() {} }
