// Printing typed floats: nanoseconds per `description` (the shortest decimal that
// reads back in the value's own format) over every finite bfloat16 and binary16
// value and 65 536 random binary32 values, next to Swift's own Float16 and Float
// descriptions. Not a test.
//
//   swift run -c release chop-bench description
//
// Rows: type,implementation,values,ns_per_description (median of 5, thread CPU time).
import Chop

func runDescriptionBenchmark() {
    print("type,implementation,values,ns_per_description")
    func row(_ type: String, _ implementation: String, _ count: Int, _ body: () -> Int) {
        var sink = 0
        let ns = measureNanoseconds(operations: count, repeats: 5) { sink &+= body() }
        if sink == 42 { print("") }   // keeps the work alive
        print("\(type),\(implementation),\(count),\((ns * 10).rounded() / 10)")
    }
    let bf16 = (0...UInt16.max).map { BFloat16(bitPattern: $0) }.filter { $0.isFinite }
    let half = (0...UInt16.max).map { Half(bitPattern: $0) }.filter { $0.isFinite }
    var g = Xoshiro256StarStar(seed: 5)
    let floats = (0..<65_536).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: g.next())) }.filter { $0.isFinite }
    let binary32 = floats.map { Binary32(bitPattern: $0.bitPattern) }
    row("bfloat16", "Chop", bf16.count) { bf16.reduce(0) { $0 &+ $1.description.utf8.count } }
    row("binary16", "Chop", half.count) { half.reduce(0) { $0 &+ $1.description.utf8.count } }
    #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
    let float16 = half.map { Float16(bitPattern: $0.bitPattern) }
    row("binary16", "Swift Float16", float16.count) { float16.reduce(0) { $0 &+ $1.description.utf8.count } }
    #endif
    row("binary32", "Chop", binary32.count) { binary32.reduce(0) { $0 &+ $1.description.utf8.count } }
    row("binary32", "Swift Float", floats.count) { floats.reduce(0) { $0 &+ $1.description.utf8.count } }
}
