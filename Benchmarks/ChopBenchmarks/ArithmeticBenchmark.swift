// Typed-float arithmetic throughput: operations per second for +, ×, ÷ in BFloat16
// and Half (nearest-even and stochastic) next to native Float. Not a test.
//
//   swift run -c release -Xswiftc -target-cpu -Xswiftc native chop-bench arithmetic [--count N] [--repeats R]
//
// Two loops per case, over arrays of `count` elements that stay in L1/L2:
//   throughput: c[i] = a[i] op b[i] (independent operations; the compiler may
//               vectorise the native loop),
//   chain:      x = (x op b[i]) (each operation waits for the previous one; for ÷ the
//               chain is x = b[i] / x so it stays bounded, and for × the factors
//               alternate between b[i] and about 1/b[i−1]).
// Prints CSV: loop,type,mode,op,ns_per_op_median,mops_per_s (thread CPU time).
import Chop

#if canImport(Glibc)
import Glibc
#endif

enum ArithmeticOperation: String, CaseIterable { case add = "+", multiply = "*", divide = "/" }

/// The benchmark entry point (called from main.swift for `chop-bench arithmetic`).
func runArithmeticBenchmark(_ arguments: [String]) {
    var count = 4096, repeats = 7, rounds = 200
    var i = 0
    while i < arguments.count {
        switch arguments[i] {
        case "--count": i += 1; count = Int(arguments[i]) ?? count
        case "--repeats": i += 1; repeats = Int(arguments[i]) ?? repeats
        case "--rounds": i += 1; rounds = Int(arguments[i]) ?? rounds
        default:
            fputs("chop-bench arithmetic: unknown argument '\(arguments[i])'\n", Glibc.stderr)
            exit(2)
        }
        i += 1
    }
    print("loop,type,mode,op,ns_per_op_median,mops_per_s")
    var source = Xoshiro256StarStar(seed: 2024)
    // Operands in [1, 2) so every operation stays in range for every type.
    let a = (0..<count).map { _ in 1 + Double(source.next() >> 11) * 0x1p-53 }
    let b = (0..<count).map { _ in 1 + Double(source.next() >> 11) * 0x1p-53 }

    func report(_ loop: String, _ type: String, _ mode: String, _ op: ArithmeticOperation, _ ns: Double) {
        let nsText = (ns * 1000).rounded() / 1000
        let mops = (1000 / ns).rounded()
        print("\(loop),\(type),\(mode),\(op.rawValue),\(nsText),\(mops)")
    }

    func bench<T: FloatingPoint>(_ type: String, _ mode: String, _ make: (Double) -> T) {
        let x = a.map(make), y = b.map(make)
        // For the × chain: y[k] then ≈ 1/y[k], so the running product stays near 1
        // (a chain of factors in [1, 2) would overflow and time the ∞ path instead).
        let z = (0..<count).map { k in k % 2 == 0 ? y[k] : make(1 / Double(b[k - 1])) }
        var c = [T](repeating: .zero, count: count)
        for op in ArithmeticOperation.allCases {
            let t = measureNanoseconds(operations: count * rounds, repeats: repeats) {
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeBufferPointer { yp in
                        c.withUnsafeMutableBufferPointer { cp in
                            for _ in 0..<rounds {
                                switch op {
                                case .add: for k in 0..<count { cp[k] = xp[k] + yp[k] }
                                case .multiply: for k in 0..<count { cp[k] = xp[k] * yp[k] }
                                case .divide: for k in 0..<count { cp[k] = xp[k] / yp[k] }
                                }
                            }
                        }
                    }
                }
                blackHole(c[count / 2])
            }
            report("throughput", type, mode, op, t)
            let big = T(1 << 20)
            let u = measureNanoseconds(operations: count * rounds, repeats: repeats) {
                var acc = x[0]
                (op == .multiply ? z : y).withUnsafeBufferPointer { yp in
                    for _ in 0..<rounds {
                        switch op {
                        // The chains may drift out of range: reset once per round if so.
                        case .add: for k in 0..<count { acc = acc + yp[k] }
                        case .multiply: for k in 0..<count { acc = acc * yp[k] }
                        case .divide: for k in 0..<count { acc = yp[k] / acc }
                        }
                        if !(acc.isFinite && acc.magnitude < big && acc.magnitude > 1 / big) { acc = x[0] }
                        blackHole(acc)
                    }
                }
                blackHole(acc)
            }
            report("chain", type, mode, op, u)
        }
    }

    // The floor: the kernel alone rounding binary64 values (c[i] = round(a[i] + b[i])).
    for (name, format) in [("BFloat16", FloatFormat.bfloat16), ("Half", .binary16)] {
      for mode in [RoundingMode.nearestEven, .stochastic()] {
        var g = Xoshiro256StarStar(seed: 3)
        var c = [Double](repeating: 0, count: count)
        let t = measureNanoseconds(operations: count * rounds, repeats: repeats) {
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        for _ in 0..<rounds {
                            for k in 0..<count { cp[k] = Chop.round(ap[k] + bp[k], to: format, mode: mode, using: &g) }
                        }
                    }
                }
            }
            blackHole(c[count / 2])
        }
        print("throughput,\(name),kernel-only(\(mode.name)),+,\((t * 1000).rounded() / 1000),\((1000 / t).rounded())")
      }
    }
    bench("Float", "native", { Float($0) })
    bench("BFloat16", "nearest-even", { BFloat16($0) })
    bench("Half", "nearest-even", { Half($0) })
    EmulationScope.with(mode: .stochastic(), seed: 1) {
        bench("BFloat16", "stochastic", { BFloat16($0) })
        bench("Half", "stochastic", { Half($0) })
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
    withUnsafeBytes(of: x) { sink &+= $0.first ?? 0 }
}
nonisolated(unsafe) var sink: UInt8 = 0
