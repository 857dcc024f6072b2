// Typed-float arithmetic: nanoseconds per operation of +, ×, ÷ and fma in BFloat16
// and Half (nearest-even and stochastic) next to native Float, the cost of
// `Double(x)`, and fixed point Q7.8. Not a test.
//
//   swift run -c release -Xswiftc -target-cpu -Xswiftc native chop-bench arithmetic --csv [--quick]
//
// Rows: case,type,mode,op,loop,ns_per_op (median over repeats, thread CPU time).
// Two loops per case, over arrays of `count` elements that stay in L1/L2:
//   throughput: c[i] = a[i] op b[i] (independent operations; the compiler may
//               vectorise the native loop),
//   chain:      x = x op b[i] (each operation waits for the previous one; for ÷ the
//               chain is x = b[i] / x so it stays bounded, for × the factors alternate
//               between b[i] and about 1/b[i−1], and fma is x = x·b[i] + c[i] with
//               factors near 1).
import Chop
import RealModule

#if canImport(Glibc)
import Glibc
#endif

enum ArithmeticOperation: String, CaseIterable { case add, mul, div, fma }

/// The benchmark entry point (called from main.swift for `chop-bench arithmetic`).
func runArithmeticBenchmark(_ arguments: [String]) {
    var count = 4096, repeats = 7, rounds = 200
    for argument in arguments {
        switch argument {
        case "--csv": break   // the only output style
        case "--quick": repeats = 3; rounds = 40
        default:
            FileDescriptorOutput.write("chop-bench arithmetic: unknown argument '\(argument)' (expected --csv, --quick)\n", to: 2)
            exit(2)
        }
    }
    print("case,type,mode,op,loop,ns_per_op")
    var source = Xoshiro256StarStar(seed: 2024)
    // Operands in [1, 2) so every operation stays in range for every type.
    let a = (0..<count).map { _ in 1 + Double(source.next() >> 11) * 0x1p-53 }
    let b = (0..<count).map { _ in 1 + Double(source.next() >> 11) * 0x1p-53 }
    // Factors near 1 and small addends for the fma chain.
    let near1 = (0..<count).map { (k: Int) -> Double in
        let f: Double = 1 + (b[k - k % 2] - 1) / 64
        return k % 2 == 0 ? f : 1 / f
    }
    let small = b.map { ($0 - 1) / 16 }

    func report(_ name: String, _ type: String, _ mode: String, _ op: String, _ loop: String, _ ns: Double) {
        print("\(name),\(type),\(mode),\(op),\(loop),\((ns * 1000).rounded() / 1000)")
    }

    func bench<T: Real & BinaryFloatingPoint>(_ type: String, _ mode: String, _: T.Type, toDouble: (T) -> Double) {
        let make = { (d: Double) in T(d) }
        let x = a.map(make), y = b.map(make), w = near1.map(make), s = small.map(make)
        let z = (0..<count).map { k in k % 2 == 0 ? y[k] : make(1 / Double(b[k - 1])) }
        var c = [T](repeating: .zero, count: count)
        for op in ArithmeticOperation.allCases {
            let t = measureNanoseconds(operations: count * rounds, repeats: repeats) {
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeBufferPointer { yp in
                        s.withUnsafeBufferPointer { sp in
                            c.withUnsafeMutableBufferPointer { cp in
                                for _ in 0..<rounds {
                                    switch op {
                                    case .add: for k in 0..<count { cp[k] = xp[k] + yp[k] }
                                    case .mul: for k in 0..<count { cp[k] = xp[k] * yp[k] }
                                    case .div: for k in 0..<count { cp[k] = xp[k] / yp[k] }
                                    case .fma: for k in 0..<count { cp[k] = sp[k].addingProduct(xp[k], yp[k]) }
                                    }
                                }
                            }
                        }
                    }
                }
                blackHole(c[count / 2])
            }
            report("arithmetic", type, mode, op.rawValue, "throughput", t)
            let big = T(1 << 20)
            let u = measureNanoseconds(operations: count * rounds, repeats: repeats) {
                var acc = x[0]
                let factors = op == .mul ? z : (op == .fma ? w : y)
                factors.withUnsafeBufferPointer { yp in
                    s.withUnsafeBufferPointer { sp in
                        for _ in 0..<rounds {
                            switch op {
                            case .add: for k in 0..<count { acc = acc + yp[k] }
                            case .mul: for k in 0..<count { acc = acc * yp[k] }
                            case .div: for k in 0..<count { acc = yp[k] / acc }
                            case .fma: for k in 0..<count { acc = sp[k].addingProduct(acc, yp[k]) }
                            }
                            // The chains may drift out of range: reset once per round if so.
                            if !(acc.isFinite && acc.magnitude < big && acc.magnitude > 1 / big) { acc = x[0] }
                            blackHole(acc)
                        }
                    }
                }
                blackHole(acc)
            }
            report("arithmetic", type, mode, op.rawValue, "chain", u)
        }
        // Double(x) written at a concrete call site (the direct conversion).
        let d = measureNanoseconds(operations: count * rounds, repeats: repeats) {
            var total = 0.0
            x.withUnsafeBufferPointer { xp in
                for _ in 0..<rounds { for k in 0..<count { total += toDouble(xp[k]) } }
            }
            blackHole(total)
        }
        report("convert-to-double", type, mode, "convert", "throughput", d)
    }

    bench("Float", "native", Float.self) { Double($0) }
    bench("BFloat16", "nearest-even", BFloat16.self) { Double($0) }
    bench("Half", "nearest-even", Half.self) { Double($0) }
    StochasticRounding.withSeed(1) {
        bench("BFloat16", "stochastic", StochasticBFloat16.self) { Double($0) }
        bench("Half", "stochastic", StochasticHalf.self) { Double($0) }
    }
    benchFixed(a: a, b: b, count: count, rounds: rounds, repeats: repeats, report: report)
}

/// Q7.8 addition and multiplication (throughput and chain) on operands in [1, 2).
func benchFixed(
    a: [Double], b: [Double], count: Int, rounds: Int, repeats: Int,
    report: (String, String, String, String, String, Double) -> Void
) {
    let x = a.map { Q7_8($0) }, y = b.map { Q7_8($0) }
    var c = [Q7_8](repeating: .zero, count: count)
    for (name, op) in [("fixed-q7_8-add", "add"), ("fixed-q7_8-mul", "mul")] {
        let t = measureNanoseconds(operations: count * rounds, repeats: repeats) {
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeBufferPointer { yp in
                    c.withUnsafeMutableBufferPointer { cp in
                        for _ in 0..<rounds {
                            if op == "add" { for k in 0..<count { cp[k] = xp[k] + yp[k] } }
                            else { for k in 0..<count { cp[k] = xp[k] * yp[k] } }
                        }
                    }
                }
            }
            blackHole(c[count / 2])
        }
        report(name, "Q7_8", "nearest-even", op, "throughput", t)
        let u = measureNanoseconds(operations: count * rounds, repeats: repeats) {
            var acc = x[0]
            y.withUnsafeBufferPointer { yp in
                for _ in 0..<rounds {
                    // + alternates signs so the sum stays in range; × multiplies by
                    // y then by about 1/y.
                    if op == "add" {
                        for k in 0..<count { acc = k % 2 == 0 ? acc + yp[k] : acc - yp[k] }
                    } else {
                        for k in 0..<count { acc = k % 2 == 0 ? acc * yp[k] : acc / yp[k - 1] }
                    }
                    blackHole(acc)
                }
            }
            blackHole(acc)
        }
        report(name, "Q7_8", "nearest-even", op, "chain", u)
    }
}

/// Median nanoseconds per operation of `body` over `repeats` runs after a warm-up,
/// in CPU time of the calling thread (so other processes on a shared machine do not
/// inflate it).
func measureNanoseconds(operations: Int, repeats: Int, _ body: () -> Void) -> Double {
    body()
    func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e9 + Double(t.tv_nsec)
    }
    var samples: [Double] = []
    for _ in 0..<repeats {
        let start = now()
        body()
        samples.append((now() - start) / Double(operations))
    }
    samples.sort()
    return samples[samples.count / 2]
}

/// Keeps a value alive (a store the optimiser cannot drop).
@inline(never) func blackHole<T>(_ x: T) {
    withUnsafeBytes(of: x) { bytes in
        if bytes.first == 0x5A && bytes.count == 3 { FileDescriptorOutput.write("", to: 2) }
    }
}
