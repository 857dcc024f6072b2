import Chop
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks every case of an ``ExhaustiveSpace`` (or of one shard of it) against the
/// reference.
///
/// - Conversions: the reference is ``ExactConversionReference`` (exact integer
///   reasoning, no MPFR), and MPFR (``MPFRReference``) for every case it does not cover
///   and, as a cross-check of the two references, for every 1024th case it does.
/// - Operations and elementary functions: MPFR. The library side of an elementary
///   function is `CorrectlyRoundedElementary` (what the typed floats call), or, with
///   ``ElementaryLibrary/libm``, libm's binary64 value rounded once (the old path).
/// - Deterministic modes: bit-for-bit equality (NaN equals NaN, +0 and −0 differ).
/// - Stochastic modes (conversions and operations): the library's two outcomes and its
///   exact probability of rounding away from zero, measured without sampling by
///   ``StochasticProbe``, against MPFR's neighbours and exact probability
///   (``MPFRReference/stochastic(rounding:to:mode:)``): equal outcomes, and
///   |P_library − P_MPFR| ≤ 2⁻⁶³·2^(−32(k−1)) + 2⁻⁵²·P_MPFR (k words drawn; the library
///   resolves probabilities to 2⁻⁶⁴ absolute, MPFR's is rounded to binary64). With r
///   random bits both are multiples of 2⁻ʳ and the bound makes them equal.
///
/// Cases are processed in blocks of ``blockLength`` on ``threads`` threads with
/// `parallelFor(_:workers:_:)`; counts are sums and the first mismatches are the
/// smallest case indices, so the result does not depend on the thread count, and the
/// union of the shards of a split equals the unsharded run.
public struct ExhaustiveVerifier: Sendable {
    /// The library side of elementary spaces.
    public enum ElementaryLibrary: String, Sendable, CaseIterable {
        /// `CorrectlyRoundedElementary/decide(_:_:_:format:mode:)`.
        case correctlyRounded = "correctly-rounded"
        /// libm's binary64 value rounded once by the kernel (the typed floats before
        /// correct rounding).
        case libm
    }

    /// Cases per block of work.
    public static let blockLength: UInt64 = 1 << 14
    /// Every this many cases the exact-integer conversion reference is cross-checked
    /// against MPFR.
    public static let crossCheckStride: UInt64 = 1024

    /// The worker threads used (1 when MPFR is not thread-safe).
    public var threads: Int
    /// Why ``threads`` is lower than requested (MPFR not thread-safe), or nil.
    public var threadNote: String?
    /// Which implementation of the elementary functions is checked.
    public var elementaryLibrary: ElementaryLibrary = .correctlyRounded

    /// - Parameter threads: worker threads (default `ProcessorCount/active`), reduced
    ///   to 1 when MPFR is not thread-safe (``MPFRBuild/workerThreads(requested:)``).
    public init(threads: Int? = nil) {
        let allowed = MPFRBuild.workerThreads(requested: threads ?? ProcessorCount.active)
        self.threads = allowed.threads
        self.threadNote = allowed.note
    }

    /// Checks the cases of `shard` of `space`. `progress` is called with the fraction
    /// done after each block (from worker threads).
    public func run(
        _ space: ExhaustiveSpace, shard: ShardSpec = .whole, progress: (@Sendable (Double) -> Void)? = nil
    ) -> ExhaustiveResult {
        let range = shard.range(in: space.count)
        let wall = Date()
        let cpu = Self.cpuSeconds()
        let blocks = Int((UInt64(range.count) + Self.blockLength - 1) / Self.blockLength)
        let buffer = UnsafeMutableBufferPointer<BlockOutcome?>.allocate(capacity: blocks)
        buffer.initialize(repeating: nil)
        defer { buffer.deallocate() }
        let slots = ResultSlots(buffer)
        let done = BlockCounter()
        let library = elementaryLibrary
        parallelFor(blocks, workers: threads) { b in
            let start = range.lowerBound + UInt64(b) * Self.blockLength
            let end = min(range.upperBound, start + Self.blockLength)
            slots.base[b] = Self.check(space, start..<end, library: library)
            let finished = done.increment()
            progress?(Double(finished) / Double(blocks))
        }
        let outcomes = buffer.map { $0! }
        var rows = space.modes.map { ExhaustiveResult.ModeRow(mode: $0.name) }
        var first: [ExhaustiveResult.Mismatch] = []
        var undecided: [ExhaustiveResult.Mismatch] = []
        for o in outcomes {
            if undecided.count < ExhaustiveResult.firstMismatchLimit { undecided += o.undecided }
            for k in rows.indices {
                rows[k].checked += o.rows[k].checked
                rows[k].mismatches += o.rows[k].mismatches
                if let u = o.rows[k].undecided { rows[k].undecided = (rows[k].undecided ?? 0) + u }
                if let m = o.rows[k].mpfrChecked { rows[k].mpfrChecked = (rows[k].mpfrChecked ?? 0) + m }
            }
            if first.count < ExhaustiveResult.firstMismatchLimit { first += o.first }
        }
        first.sort()
        return ExhaustiveResult(
            space: space.name, spaceSize: space.count, shard: shard,
            start: range.lowerBound, end: range.upperBound, rows: rows,
            firstMismatches: Array(first.prefix(ExhaustiveResult.firstMismatchLimit)),
            firstUndecided: space.isElementary ? Array(undecided.sorted().prefix(ExhaustiveResult.firstMismatchLimit)) : nil,
            seconds: Date().timeIntervalSince(wall), cpuSeconds: Self.cpuSeconds() - cpu,
            threads: threads, libraryVersion: SwiftChopVersion.current, mpfrVersion: MPFRBuild.version)
    }

    // MARK: One block

    struct BlockOutcome {
        var rows: [ExhaustiveResult.ModeRow]
        var first: [ExhaustiveResult.Mismatch] = []
        var undecided: [ExhaustiveResult.Mismatch] = []

        mutating func mismatch(_ k: Int, _ index: UInt64, _ mode: RoundingMode, _ input: @autoclosure () -> String,
                               _ library: @autoclosure () -> String, _ reference: @autoclosure () -> String) {
            rows[k].mismatches += 1
            if first.count < ExhaustiveResult.firstMismatchLimit {
                first.append(ExhaustiveResult.Mismatch(
                    index: index, mode: mode.name, input: input(), library: library(), reference: reference()))
            }
        }
    }

    static func check(_ space: ExhaustiveSpace, _ cases: Range<UInt64>, library: ElementaryLibrary) -> BlockOutcome {
        let reference = MPFRReference()
        let modes = space.modes
        var out = BlockOutcome(rows: modes.map { ExhaustiveResult.ModeRow(mode: $0.name) })
        let deterministic = modes.contains { !$0.isStochastic }
        var unused = Xoshiro256StarStar(seed: 0)  // deterministic modes draw nothing
        switch space.kind {
        case .convert(let source, let target):
            var crossChecked: UInt64 = 0
            for i in cases {
                let x = source.decode(i)
                var ref = DeterministicResults(all: .nan)
                if deterministic {
                    if let exact = ExactConversionReference.results(rounding: x, to: target) {
                        ref = exact
                        if i % crossCheckStride == 0 {
                            crossChecked += 1
                            let m = reference.results(rounding: x, to: target)
                            for (k, mode) in modes.enumerated() where !mode.isStochastic && !sameResult(m[mode], exact[mode]) {
                                out.mismatch(k, i, mode, "pattern \(i) = \(exactDescription(x))",
                                             "exact-integer reference \(exactDescription(exact[mode]))",
                                             "MPFR \(exactDescription(m[mode]))")
                            }
                        }
                    } else {
                        crossChecked += 1
                        ref = reference.results(rounding: x, to: target)
                    }
                }
                for (k, mode) in modes.enumerated() {
                    out.rows[k].checked += 1
                    if mode.isStochastic {
                        let r = reference.stochastic(rounding: x, to: target, mode: mode)
                        let lib = StochasticProbe.probe { g in Chop.round(x, to: target, mode: mode, using: &g) }
                        if let problem = stochasticProblem(lib, r) {
                            out.mismatch(k, i, mode, "pattern \(i) = \(exactDescription(x))", problem, describe(r))
                        }
                    } else {
                        let lib = Chop.round(x, to: target, mode: mode, using: &unused)
                        if !sameResult(lib, ref[mode]) {
                            out.mismatch(k, i, mode, "pattern \(i) = \(exactDescription(x))",
                                         exactDescription(lib), exactDescription(ref[mode]))
                        }
                    }
                }
            }
            for k in modes.indices where !modes[k].isStochastic { out.rows[k].mpfrChecked = crossChecked }
        case .operation(let op, let format):
            for i in cases {
                let (a, b, c) = space.operands(i)
                let ref = deterministic ? reference.results(op, a, b, c, format: format) : DeterministicResults(all: .nan)
                for (k, mode) in modes.enumerated() {
                    out.rows[k].checked += 1
                    if mode.isStochastic {
                        let r = reference.stochastic(op, a, b, c, format: format, mode: mode)
                        let lib = StochasticProbe.probe { g in libraryOperation(op, a, b, c, format, mode, &g) }
                        if let problem = stochasticProblem(lib, r) {
                            out.mismatch(k, i, mode, describe(op, a, b, c), problem, describe(r))
                        }
                    } else {
                        let lib = libraryOperation(op, a, b, c, format, mode, &unused)
                        if !sameResult(lib, ref[mode]) {
                            out.mismatch(k, i, mode, describe(op, a, b, c), exactDescription(lib), exactDescription(ref[mode]))
                        }
                    }
                }
            }
        case .elementary(let f, let format):
            var undecided = Array(repeating: UInt64(0), count: modes.count)
            for i in cases {
                let (a, b, _) = space.operands(i)
                let ref = reference.results(f, a, b, format: format)
                for (k, mode) in modes.enumerated() {
                    out.rows[k].checked += 1
                    let lib: Double
                    switch library {
                    case .correctlyRounded:
                        let d = CorrectlyRoundedElementary.decide(f, a, b, format: format, mode: mode)
                        lib = d.value
                        if d.decision == .undecided {
                            undecided[k] += 1
                            if out.undecided.count < ExhaustiveResult.firstMismatchLimit {
                                out.undecided.append(ExhaustiveResult.Mismatch(
                                    index: i, mode: mode.name, input: f.arity == 1 ? "\(f)(\(exactDescription(a)))"
                                        : "\(f)(\(exactDescription(a)), \(exactDescription(b)))",
                                    library: exactDescription(lib), reference: exactDescription(ref[mode])))
                            }
                        }
                    case .libm:
                        lib = Chop.round(f.binary64(a, b), to: format, mode: mode, using: &unused)
                    }
                    if !sameResult(lib, ref[mode]) {
                        let input = f.arity == 1 ? "\(f)(\(exactDescription(a)))"
                            : "\(f)(\(exactDescription(a)), \(exactDescription(b)))"
                        out.mismatch(k, i, mode, input, exactDescription(lib), exactDescription(ref[mode]))
                    }
                }
            }
            for k in modes.indices { out.rows[k].undecided = undecided[k] }
        }
        return out
    }

    /// The library's rounded arithmetic (``Chop/RoundedArithmetic``) on any generator.
    @inline(__always)
    static func libraryOperation<G: RandomNumberGenerator>(
        _ op: ReferenceOperation, _ a: Double, _ b: Double, _ c: Double, _ format: FloatFormat,
        _ mode: RoundingMode, _ g: inout G
    ) -> Double {
        switch op {
        case .add: return RoundedArithmetic.add(a, b, format: format, mode: mode, using: &g)
        case .subtract: return RoundedArithmetic.subtract(a, b, format: format, mode: mode, using: &g)
        case .multiply: return RoundedArithmetic.multiply(a, b, format: format, mode: mode, using: &g)
        case .divide: return RoundedArithmetic.divide(a, b, format: format, mode: mode, using: &g)
        case .squareRoot: return RoundedArithmetic.squareRoot(a, format: format, mode: mode, using: &g)
        case .fusedMultiplyAdd: return RoundedArithmetic.fusedMultiplyAdd(a, b, c, format: format, mode: mode, using: &g)
        }
    }

    /// Nil when the library's stochastic outcome agrees with MPFR's (see the type's
    /// documentation), else a description of the library's side.
    static func stochasticProblem(_ lib: StochasticProbe.Outcome, _ r: StochasticReference) -> String? {
        let libText = {
            "\(exactDescription(lib.towardZero)) / \(exactDescription(lib.awayFromZero)), P(away) = \(lib.probabilityAway)"
                + (lib.unexpected.map { ", and a third outcome \(exactDescription($0))" } ?? "")
        }
        if lib.unexpected != nil { return libText() }
        if r.isExact {
            // One final value: an exact result (probability 0, no draw), or both
            // neighbours overflowing to the same value (the probability does not matter
            // and the probe cannot see it).
            guard sameResult(lib.towardZero, r.towardZero), sameResult(lib.awayFromZero, r.towardZero) else {
                return libText()
            }
            return r.probabilityAway == 0 && lib.probabilityAway != 0 ? libText() : nil
        }
        if r.probabilityAway == 0 {
            return sameResult(lib.towardZero, r.towardZero) && sameResult(lib.awayFromZero, r.towardZero)
                && lib.probabilityAway == 0 ? nil : libText()
        }
        guard sameResult(lib.towardZero, r.towardZero), sameResult(lib.awayFromZero, r.awayFromZero) else {
            return libText()
        }
        let scale = Double(sign: .plus, exponent: -32 * max(lib.wordsDrawn - 1, 0), significand: 1)
        let tolerance = 0x1p-63 * scale + 0x1p-52 * r.probabilityAway
        return (lib.probabilityAway - r.probabilityAway).magnitude <= tolerance ? nil : libText()
    }

    static func describe(_ r: StochasticReference) -> String {
        "\(exactDescription(r.towardZero)) / \(exactDescription(r.awayFromZero)), P(away) = \(r.probabilityAway)"
    }

    static func describe(_ op: ReferenceOperation, _ a: Double, _ b: Double, _ c: Double) -> String {
        switch op.arity {
        case 1: return "\(op)(\(exactDescription(a)))"
        case 2: return "\(op)(\(exactDescription(a)), \(exactDescription(b)))"
        default: return "\(op)(\(exactDescription(a)), \(exactDescription(b)), \(exactDescription(c)))"
        }
    }

    /// The process's CPU time (all threads), in seconds.
    public static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}

/// A lock-protected count of finished blocks.
final class BlockCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
