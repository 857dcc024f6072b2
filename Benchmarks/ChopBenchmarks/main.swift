// chop-bench: nanoseconds per element to round 10⁷ random doubles, next to the
// cost of copying them (the memory floor). Not a test.
//
//   swift run -c release -Xswiftc -target-cpu -Xswiftc native chop-bench [--count N] [--repeats R] [--threads 1,2]
//       [--no-scalar] [--verify]
//   chop-bench arithmetic [...]   ops/second of typed-float +, ×, ÷ against native Float
//   chop-bench description         ns per typed-float description against Float16/Float
// --verify first checks array rounding against the kernel in this build (exit 1 on a mismatch).
//
// Prints CSV: case,format,mode,threads,ns_per_element_median,ns_per_element_min,
// cpu_ns_per_element_median,cpu_ns_per_element_min (thread CPU time, one-thread cases).
// Each figure is the median (and minimum) over R timed runs after one warm-up run.
// Cases: copy (source → destination, the memory floor), array (rounding out of place,
// source → destination), array-in-place (the destination is refilled with the
// unrounded data, untimed, before each run), scalar-kernel (the kernel in a plain loop).
import Chop
import Dispatch

struct Options {
    var count = 10_000_000
    var repeats = 5
    var threads = [1, 2]
    var includeScalar = true
    var verifyCount = 0

    init(_ arguments: [String]) {
        var i = 0
        func value() -> String {
            i += 1
            guard i < arguments.count else { fail("missing value after \(arguments[i - 1])") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--count":
                guard let n = Double(value()).map(Int.init), n > 0 else { fail("bad --count") }
                count = n
            case "--repeats":
                guard let r = Int(value()), r > 0 else { fail("bad --repeats") }
                repeats = r
            case "--threads":
                let list = value().split(separator: ",").compactMap { Int($0) }
                guard !list.isEmpty, list.allSatisfy({ $0 > 0 }) else { fail("bad --threads") }
                threads = list
            case "--no-scalar":
                includeScalar = false
            case "--verify":
                verifyCount = 1_000_000
            default:
                fail("unknown argument '\(arguments[i])'")
            }
            i += 1
        }
    }
}

func fail(_ message: String) -> Never {
    var stderr = StandardError()
    print("chop-bench: \(message)", to: &stderr)
    exit(2)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileDescriptorOutput.write(string, to: 2) }
}

/// Writes to a file descriptor (no shared `FILE*` global).
enum FileDescriptorOutput {
    static func write(_ string: String, to fd: Int32) {
        var s = string
        s.withUTF8 { bytes in _ = Glibc.write(fd, bytes.baseAddress, bytes.count) }
    }
}

/// Source and destination of a parallel copy; each worker copies its own range.
struct CopyPointers: @unchecked Sendable {
    let source: UnsafePointer<Double>
    let destination: UnsafeMutablePointer<Double>
}

#if canImport(Glibc)
import Glibc
#endif

/// Nanoseconds of CPU time the calling thread has used.
func threadCPUNanoseconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e9 + Double(t.tv_nsec)
}

/// Wall-clock and thread CPU nanoseconds per element of `body` over `repeats` runs
/// (median and minimum of each); `setup` runs untimed before each run. The CPU time
/// counts only the calling thread, so it means something for one-thread cases only:
/// on a shared machine it leaves out the time the thread waited for a core.
func measure(
    count: Int, repeats: Int, setup: () -> Void = {}, _ body: () -> Void
) -> Timing {
    setup()
    body()  // warm-up: page faults, caches, thread pool
    var wall: [Double] = [], cpu: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<repeats {
        setup()
        let cpu0 = threadCPUNanoseconds()
        let elapsed = clock.measure(body)
        cpu.append((threadCPUNanoseconds() - cpu0) / Double(count))
        let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) * 1e-9
        wall.append(ns / Double(count))
    }
    wall.sort()
    cpu.sort()
    return Timing(median: wall[wall.count / 2], min: wall[0], cpuMedian: cpu[cpu.count / 2], cpuMin: cpu[0])
}

struct Timing {
    var median, min, cpuMedian, cpuMin: Double
}

/// Copies `source` into `destination` on `threads` threads, in the same contiguous
/// split as the rounding routines.
func copy(_ source: UnsafeBufferPointer<Double>, _ destination: UnsafeMutableBufferPointer<Double>, threads: Int) {
    let n = source.count
    if threads == 1 {
        destination.baseAddress!.update(from: source.baseAddress!, count: n)
        return
    }
    let pointers = CopyPointers(source: source.baseAddress!, destination: destination.baseAddress!)
    parallelFor(threads, workers: threads) { worker in
        let start = n * worker / threads, end = n * (worker + 1) / threads
        (pointers.destination + start).update(from: pointers.source + start, count: end - start)
    }
}

// `chop-bench arithmetic …` times typed-float arithmetic instead (ArithmeticBenchmark.swift).
if CommandLine.arguments.dropFirst().first == "arithmetic" {
    runArithmeticBenchmark(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}
// `chop-bench description` times printing typed floats (DescriptionBenchmark.swift).
if CommandLine.arguments.dropFirst().first == "description" {
    runDescriptionBenchmark()
    exit(0)
}
// `chop-bench gemm …` times the matrix-unit emulator (GemmBenchmark.swift).
if CommandLine.arguments.dropFirst().first == "gemm" {
    runGemmBenchmark(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}
let options = Options(Array(CommandLine.arguments.dropFirst()))
if options.verifyCount > 0 {
    let mismatches = verifyAgainstKernel(count: options.verifyCount)
    var stderr = StandardError()
    print("chop-bench: verify: \(mismatches) mismatches between array rounding and the kernel "
          + "(\(options.verifyCount) inputs × 4 formats × 9 modes)", to: &stderr)
    if mismatches != 0 { exit(1) }
}
let n = options.count
// Uniform random doubles in (−4, 4): every element takes the fast path for
// binary16 and bfloat16 (all are normal numbers of both formats).
var generator = Xoshiro256StarStar(seed: 2024)
let source = (0..<n).map { _ in (Double(generator.next() >> 11) * 0x1p-53) * 8 - 4 }
var destination = [Double](repeating: 0, count: n)

print("case,format,mode,threads,ns_per_element_median,ns_per_element_min,cpu_ns_per_element_median,cpu_ns_per_element_min")
func report(_ name: String, _ format: String, _ mode: String, _ threads: Int, _ t: Timing) {
    func f(_ x: Double) -> String {
        let r = (x * 1000).rounded() / 1000
        return "\(r)"
    }
    // Thread CPU time is reported for one-thread cases only.
    let cpu = threads == 1 ? "\(f(t.cpuMedian)),\(f(t.cpuMin))" : ","
    print("\(name),\(format),\(mode),\(threads),\(f(t.median)),\(f(t.min)),\(cpu)")
}

source.withUnsafeBufferPointer { src in
    destination.withUnsafeMutableBufferPointer { dst in
        for threads in options.threads {
            report("copy", "-", "-", threads, measure(count: n, repeats: options.repeats) {
                copy(src, dst, threads: threads)
            })
        }
        for format in [FloatFormat.binary16, .bfloat16] {
            for mode in [RoundingMode.nearestEven, .stochastic()] {
                for threads in options.threads {
                    report("array", format.name, mode.name, threads, measure(count: n, repeats: options.repeats) {
                        ArrayRounding.round(src, into: dst, to: format, mode: mode, seed: 1, threads: threads)
                    })
                    report("array-in-place", format.name, mode.name, threads, measure(
                        count: n, repeats: options.repeats, setup: { copy(src, dst, threads: 2) }
                    ) {
                        ArrayRounding.round(dst, to: format, mode: mode, seed: 1, threads: threads)
                    })
                }
                if options.includeScalar {
                    // The scalar kernel in a plain loop, for comparison.
                    report("scalar-kernel", format.name, mode.name, 1, measure(count: n, repeats: options.repeats) {
                        var g = Xoshiro256StarStar(seed: 1)
                        for i in 0..<n { dst[i] = Chop.round(src[i], to: format, mode: mode, using: &g) }
                    })
                }
            }
        }
    }
}
