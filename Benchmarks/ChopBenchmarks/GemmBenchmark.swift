// chop-bench gemm: emulated multiply-accumulates per second of MatrixUnits.gemm for an
// N×N×N product (default 512) per preset, on one thread and on all threads.
//
//   swift run -c release -Xswiftc -target-cpu -Xswiftc native chop-bench gemm [--size N]
//       [--units a,b,...] [--threads 1,2] [--repeats R]
//
// Prints CSV: unit,structure,size,threads,seconds_median,macs_per_second,
// cpu_macs_per_second (one-thread runs: thread CPU time, less sensitive to a loaded
// machine; empty otherwise). The inputs are
// standard normal values rounded to the input format, C is zero. Each figure is the
// median of R timed runs (wall clock) after one warm-up run.
import Chop
import Dispatch
import MatrixUnits
#if canImport(Glibc)
import Glibc
#endif

func runGemmBenchmark(_ arguments: [String]) {
    var size = 512, repeats = 3
    var threads = [1, ProcessorCount.active]
    var units = ["v100-fp16", "a100-fp16", "a100-bf16", "a100-tf32", "h100-fp16", "h100-fp8-e4m3", "h100-fp8-e5m2",
                 "b200-fp8-e4m3", "b200-mmasync-fp8-e4m3", "deepgemm-h100-fp8-e4m3", "mi100-fp16", "mi250x-fp16",
                 "mi300x-fp16", "mi300x-fp8-e4m3fnuz", "exact-fp16"]
    var i = 0
    func value() -> String {
        i += 1
        guard i < arguments.count else { fail("missing value after \(arguments[i - 1])") }
        return arguments[i]
    }
    while i < arguments.count {
        switch arguments[i] {
        case "--size": guard let n = Int(value()), (1...4096).contains(n) else { fail("bad --size") }; size = n
        case "--repeats": guard let r = Int(value()), (1...100).contains(r) else { fail("bad --repeats") }; repeats = r
        case "--threads":
            let list = value().split(separator: ",").compactMap { Int($0) }
            guard !list.isEmpty, list.allSatisfy({ (1...256).contains($0) }) else { fail("bad --threads") }
            threads = list
        case "--units": units = value().split(separator: ",").map(String.init)
        default: fail("unknown argument '\(arguments[i])'")
        }
        i += 1
    }
    print("unit,structure,size,threads,seconds_median,macs_per_second,cpu_macs_per_second")
    func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
    for name in units {
        guard let model = try? MatrixUnitModel.preset(named: name) else { fail("unknown unit '\(name)'") }
        var rng = Xoshiro256StarStar(seed: 512)
        func normal() -> Double {
            let u1 = max(Double(rng.next() >> 11) * 0x1p-53, 0x1p-60), u2 = Double(rng.next() >> 11) * 0x1p-53
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        let a = try! Matrix(rows: size, columns: size, values: (0..<size * size).map { _ in Chop.round(normal(), to: model.inputA, mode: .nearestEven) })
        let b = try! Matrix(rows: size, columns: size, values: (0..<size * size).map { _ in Chop.round(normal(), to: model.inputB, mode: .nearestEven) })
        for t in threads {
            _ = try! gemm(model, a, b, workers: t)  // warm-up
            var times: [Double] = [], cpu: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                let c0 = cpuNow()
                let d = try! gemm(model, a, b, workers: t)
                cpu.append(cpuNow() - c0)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
                precondition(d.values.count == size * size)
            }
            times.sort()
            cpu.sort()
            let cpuRate = t == 1 ? String(Int((Double(size) * Double(size) * Double(size) / cpu[cpu.count / 2]).rounded())) : ""
            let median = times[times.count / 2]
            let macs = Double(size) * Double(size) * Double(size) / median
            print("\(name),\(model.structure.rawValue),\(size),\(t),\((median * 1e4).rounded() / 1e4),\(Int(macs.rounded())),\(cpuRate)")
        }
    }
}
