import CMPFR
import Chop
import Dispatch
import Foundation

/// Compares the library with the MPFR reference, format by format and mode by mode.
///
/// - Deterministic modes: every input must agree bit for bit (NaN equals NaN, +0 and
///   −0 differ).
/// - Stochastic modes: every input's outcome must be one of the two neighbours the
///   reference gives (the exact value for exact inputs); then, for up to
///   ``maximumTestedInputs`` inexact inputs, ``trialsPerInput`` draws each, the count of
///   round-ups is compared with the exact probability (a Bernstein bound at
///   ``falseAlarmRate`` per input), and the summed rounding error is compared with its
///   exact expectation (zero for proportional rounding with all bits: unbiasedness).
///
/// Work is split into chunks run on ``threads`` threads, each with its own
/// ``MPFRReference`` and random streams derived from ``seed`` and the chunk index, so a
/// seed gives the same report whatever the number of threads.
public struct Verifier: Sendable {
    /// The library side of an operation: rounds `operation(a, b, c)` into the format.
    public typealias LibraryOperation = @Sendable (
        ReferenceOperation, Double, Double, Double, FloatFormat, RoundingMode, inout Xoshiro256StarStar
    ) -> Double

    /// The seed of the random inputs and of the stochastic draws.
    public var seed: UInt64
    /// Worker threads.
    public var threads: Int
    /// Draws per input in the stochastic frequency tests.
    public var trialsPerInput: Int = 1000
    /// The most inputs given a frequency test per format × mode × operation.
    public var maximumTestedInputs: Int = 1000
    /// The false-alarm rate of one statistical test (see ``StatisticalBound``).
    public var falseAlarmRate: Double = StatisticalBound.defaultFalseAlarmRate

    static let chunkLength = 4096

    /// Why ``threads`` is lower than requested (MPFR built without thread-local
    /// storage), or nil.
    public var threadNote: String?

    /// A verifier whose random inputs and draws derive from `seed`.
    ///
    /// - Parameters:
    ///   - seed: the seed of the random inputs and of the stochastic draws (a seed gives
    ///     the same report whatever the number of threads).
    ///   - threads: worker threads (default `ProcessorCount/active`); reduced to
    ///     1, with ``threadNote`` set, when MPFR is not thread-safe (``MPFRBuild/isThreadSafe``).
    public init(seed: UInt64 = 0, threads: Int? = nil) {
        self.seed = seed
        let allowed = MPFRBuild.workerThreads(requested: threads ?? ProcessorCount.active)
        self.threads = allowed.threads
        self.threadNote = allowed.note
    }

    // MARK: Cases

    /// One set of operands (`operation == nil`: rounding `x`).
    struct Case: Sendable {
        var operation: ReferenceOperation?
        var x: Double
        var y: Double = 0
        var z: Double = 0

        var text: String {
            guard let operation else { return "x = \(exactDescription(x))" }
            switch operation.arity {
            case 1: return "\(operation)(\(exactDescription(x)))"
            case 2: return "\(operation)(\(exactDescription(x)), \(exactDescription(y)))"
            default: return "\(operation)(\(exactDescription(x)), \(exactDescription(y)), \(exactDescription(z)))"
            }
        }
    }

    /// A deterministic list of cases: `fixed` first, then `random` generated ones.
    struct CaseSource: Sendable {
        var fixedCount: Int
        var randomCount: Int
        var fixed: @Sendable (Int) -> Case
        var random: @Sendable (inout Xoshiro256StarStar) -> Case
        var count: Int { fixedCount + randomCount }
    }

    func roundingSource(format: FloatFormat, samples: Int) -> CaseSource {
        let generator = InputGenerator(format: format)
        let edges = generator.edges(seed: seed)
        return CaseSource(
            fixedCount: edges.count, randomCount: samples,
            fixed: { Case(operation: nil, x: edges[$0]) },
            random: { Case(operation: nil, x: generator.randomValue(using: &$0)) })
    }

    func operationSource(_ operation: ReferenceOperation, format: FloatFormat, samples: Int) -> CaseSource {
        let generator = InputGenerator(format: format)
        // Formats of 8 bits or fewer: every operand (pair) exhaustively (FMA: random).
        let width = format.bitWidth
        let exhaustive = width <= 8 && operation.arity <= 2 ? 1 << (width * operation.arity) : 0
        let specials = generator.specialOperands
        return CaseSource(
            fixedCount: exhaustive + (operation.arity == 1 ? specials.count : specials.count * specials.count),
            randomCount: samples,
            fixed: { i in
                if i < exhaustive {
                    let mask = (1 << width) - 1
                    return Case(operation: operation, x: format.decode(UInt64(i & mask)),
                                y: format.decode(UInt64((i >> width) & mask)))
                }
                let j = i - exhaustive
                if operation.arity == 1 { return Case(operation: operation, x: specials[j]) }
                let x = specials[j % specials.count], y = specials[j / specials.count]
                return Case(operation: operation, x: x, y: y, z: specials[(j * 7) % specials.count])
            },
            random: { g in
                Case(operation: operation, x: generator.randomOperand(using: &g),
                     y: generator.randomOperand(using: &g), z: generator.randomOperand(using: &g))
            })
    }

    // MARK: Public checks

    /// Checks rounding binary64 inputs into `format` with the kernel
    /// (`round(_:tail:to:mode:using:)`) against MPFR: every edge of
    /// ``InputGenerator/edges(randomPairs:seed:)`` plus `samples` random inputs.
    public func verifyRounding(format: FloatFormat, modes: [RoundingMode], samples: Int) -> [VerificationRow] {
        let source = roundingSource(format: format, samples: samples)
        return verify(source: source, format: format, modes: modes, name: "round") { c, format, mode, g in
            Chop.round(c.x, to: format, mode: mode, using: &g)
        }
    }

    /// Checks `operation` computed by `library` against MPFR: exhaustive operand
    /// pairs for formats of 8 bits or fewer, every pair of special operands, and
    /// `samples` random operand sets.
    public func verifyOperation(
        _ operation: ReferenceOperation, format: FloatFormat, modes: [RoundingMode], samples: Int,
        library: @escaping LibraryOperation
    ) -> [VerificationRow] {
        let source = operationSource(operation, format: format, samples: samples)
        return verify(source: source, format: format, modes: modes, name: operation.shortName) { c, format, mode, g in
            library(operation, c.x, c.y, c.z, format, mode, &g)
        }
    }

    /// For formats of 16 bits or fewer: every encoding decodes and encodes back to
    /// itself (NaN patterns to the canonical NaN), and every value rounds to itself
    /// in every deterministic mode, in the kernel and in MPFR. Nil for wider formats.
    public func verifyEncodings(format: FloatFormat, modes: [RoundingMode]) -> [VerificationRow]? {
        guard let count = format.patternCount, format.bitWidth <= 16 else { return nil }
        let modes = modes.filter { !$0.isStochastic }
        let reference = MPFRReference()
        var rows = modes.map { VerificationRow(format: format.name, mode: $0.name, operation: "encode") }
        var g = Xoshiro256StarStar(seed: seed)
        for pattern in 0..<count {
            let v = format.decode(pattern)
            var problem: String?
            if v.isNaN {
                if let canonical = try? format.encode(.nan) {
                    if !format.decode(canonical).isNaN { problem = "canonical NaN \(canonical) does not decode to NaN" }
                } else {
                    problem = "pattern \(pattern) decodes to NaN but NaN does not encode"
                }
            } else {
                do {
                    let back = try format.encode(v)
                    if back != pattern { problem = "pattern \(pattern) → \(v) → pattern \(back)" }
                } catch {
                    problem = "pattern \(pattern) → \(v) does not encode: \(error)"
                }
            }
            let ref = reference.results(rounding: v, to: format)
            for (k, mode) in modes.enumerated() {
                rows[k].checked += 1
                var message = problem
                if message == nil {
                    let lib = Chop.round(v, to: format, mode: mode, using: &g)
                    if !sameResult(lib, v) || !sameResult(ref[mode], v) {
                        message = "pattern \(pattern) = \(exactDescription(v)): library \(exactDescription(lib)), MPFR \(exactDescription(ref[mode]))"
                    }
                }
                if let message {
                    rows[k].mismatches += 1
                    if rows[k].firstMismatch == nil { rows[k].firstMismatch = message }
                }
            }
        }
        return rows
    }

    // MARK: The comparison engine

    typealias Library = @Sendable (Case, FloatFormat, RoundingMode, inout Xoshiro256StarStar) -> Double

    private struct ChunkOutcome {
        var checked: [Int]
        var mismatches: [Int]
        var first: [(Int, String)?]
        var candidates: [[Int]]  // per stochastic mode: inexact cases with finite neighbours
    }

    func verify(
        source: CaseSource, format: FloatFormat, modes: [RoundingMode], name: String, library: @escaping Library
    ) -> [VerificationRow] {
        let chunkCount = (source.count + Self.chunkLength - 1) / Self.chunkLength
        let salt = Self.salt(format: format, name: name)
        let seed = self.seed
        let outcomes = parallelMap(chunkCount) { chunk -> ChunkOutcome in
            let reference = MPFRReference()
            var inputs = Xoshiro256StarStar(seed: seed ^ salt, stream: UInt64(chunk))
            var draws = Xoshiro256StarStar(seed: seed ^ salt ^ 0x5EED, stream: UInt64(chunk))
            var out = ChunkOutcome(checked: Array(repeating: 0, count: modes.count),
                                   mismatches: Array(repeating: 0, count: modes.count),
                                   first: Array(repeating: nil, count: modes.count),
                                   candidates: Array(repeating: [], count: modes.count))
            let start = chunk * Self.chunkLength
            let end = min(source.count, start + Self.chunkLength)
            let deterministic = modes.contains { !$0.isStochastic }
            for i in start..<end {
                let c = i < source.fixedCount ? source.fixed(i) : source.random(&inputs)
                let ref: DeterministicResults? = deterministic ? reference.results(for: c, format: format) : nil
                for (k, mode) in modes.enumerated() {
                    let lib = library(c, format, mode, &draws)
                    out.checked[k] += 1
                    if let ref, !mode.isStochastic {
                        if !sameResult(lib, ref[mode]) {
                            out.mismatches[k] += 1
                            if out.first[k] == nil {
                                out.first[k] = (i, "\(c.text): library \(exactDescription(lib)), MPFR \(exactDescription(ref[mode]))")
                            }
                        }
                    } else {
                        let s = reference.stochastic(for: c, format: format, mode: mode, probability: false)
                        if !sameResult(lib, s.towardZero) && !sameResult(lib, s.awayFromZero) {
                            out.mismatches[k] += 1
                            if out.first[k] == nil {
                                out.first[k] = (i, "\(c.text): library \(exactDescription(lib)), MPFR neighbours \(exactDescription(s.towardZero)) and \(exactDescription(s.awayFromZero))")
                            }
                        }
                        if !s.isExact && s.towardZero.isFinite && s.awayFromZero.isFinite {
                            out.candidates[k].append(i)
                        }
                    }
                }
            }
            return out
        }
        var rows: [VerificationRow] = []
        for (k, mode) in modes.enumerated() {
            var row = VerificationRow(format: format.name, mode: mode.name, operation: name)
            var first: (Int, String)?
            var candidates: [Int] = []
            for o in outcomes {
                row.checked += o.checked[k]
                row.mismatches += o.mismatches[k]
                if let f = o.first[k], first == nil || f.0 < first!.0 { first = f }
                candidates += o.candidates[k]
            }
            row.firstMismatch = first?.1
            if mode.isStochastic {
                let stats = statisticalTests(
                    source: source, candidates: candidates, format: format, mode: mode, salt: salt, library: library)
                row.checked += stats.tests
                row.mismatches += stats.failures
                if row.firstMismatch == nil { row.firstMismatch = stats.firstFailure }
                row.note = stats.note
            }
            rows.append(row)
        }
        return rows
    }

    private struct StatisticsOutcome {
        var tests = 0
        var failures = 0
        var firstFailure: String?
        var note = ""
    }

    /// The frequency tests on up to ``maximumTestedInputs`` candidates and the
    /// summed-error (unbiasedness) test.
    private func statisticalTests(
        source: CaseSource, candidates: [Int], format: FloatFormat, mode: RoundingMode, salt: UInt64,
        library: @escaping Library
    ) -> StatisticsOutcome {
        guard !candidates.isEmpty else { return StatisticsOutcome(note: "no inexact inputs") }
        let chosenCount = min(maximumTestedInputs, candidates.count)
        let chosen = (0..<chosenCount).map { candidates[$0 * candidates.count / chosenCount] }
        let n = trialsPerInput
        let alpha = falseAlarmRate
        let seed = self.seed
        // Regenerate the chosen cases (random cases are generated chunk by chunk).
        let cases = regenerate(source: source, indices: chosen, salt: salt)
        struct Partial {
            var failures = 0
            var first: (Int, String)?
            var worst = 0.0
            var errorSum = 0.0
            var variance = 0.0
        }
        let workers = min(threads, chosenCount)
        let partials = parallelMap(workers) { w -> Partial in
            let reference = MPFRReference()
            var p = Partial()
            var j = w
            while j < chosenCount {
                let c = cases[j]
                let s = reference.stochastic(for: c, format: format, mode: mode)
                var g = Xoshiro256StarStar(seed: seed ^ salt ^ 0x57A7, stream: UInt64(chosen[j]))
                var ups = 0
                var other: Double?
                for _ in 0..<n {
                    let r = library(c, format, mode, &g)
                    if sameResult(r, s.awayFromZero) { ups += 1 } else if !sameResult(r, s.towardZero) { other = r }
                }
                let prob = s.probabilityAway
                let variance = Double(n) * prob * (1 - prob)
                let deviation = Double(ups) - Double(n) * prob
                let bound = StatisticalBound.threshold(variance: variance, falseAlarmRate: alpha)
                p.worst = max(p.worst, abs(deviation) / bound)
                if abs(deviation) > bound || other != nil {
                    p.failures += 1
                    if p.first == nil || chosen[j] < p.first!.0 {
                        let extra = other.map { ", and an outcome \(exactDescription($0)) outside both neighbours" } ?? ""
                        p.first = (chosen[j], "\(c.text): \(ups)/\(n) rounded away from zero, exact probability \(prob) (bound ±\(String(format: "%.1f", bound)))\(extra)")
                    }
                }
                // Unbiasedness: for rounding, the rounding error in ulps against its exact
                // expectation computed from x itself (0 for proportional rounding).
                let gap = (s.awayFromZero - s.towardZero).magnitude
                if c.operation == nil && gap > 0 && gap.isFinite {
                    let f = (c.x.magnitude - s.towardZero.magnitude) / gap
                    let expectedError = prob - f
                    let observedError = (Double(ups) * (s.awayFromZero.magnitude - c.x.magnitude)
                        + Double(n - ups) * (s.towardZero.magnitude - c.x.magnitude)) / gap
                    p.errorSum += observedError - Double(n) * expectedError
                    p.variance += variance
                } else {
                    p.errorSum += deviation
                    p.variance += variance
                }
                j += workers
            }
            return p
        }
        var out = StatisticsOutcome()
        out.tests = chosenCount + 1
        var worst = 0.0, errorSum = 0.0, variance = 0.0
        var first: (Int, String)?
        for p in partials {
            out.failures += p.failures
            worst = max(worst, p.worst)
            errorSum += p.errorSum
            variance += p.variance
            if let f = p.first, first == nil || f.0 < first!.0 { first = f }
        }
        out.firstFailure = first?.1
        let bound = StatisticalBound.threshold(variance: variance, falseAlarmRate: alpha)
        let what = source.fixed(0).operation == nil ? "mean rounding error" : "total round-ups"
        if abs(errorSum) > bound {
            out.failures += 1
            if out.firstFailure == nil {
                out.firstFailure = "\(what) off by \(String(format: "%.1f", errorSum)) ulps over \(chosenCount * n) draws (bound ±\(String(format: "%.1f", bound)))"
            }
        }
        out.note = "\(chosenCount)×\(n) draws; worst deviation \(String(format: "%.2f", worst)) of bound; \(what) \(String(format: "%.2f", abs(errorSum) / max(bound, 1e-300))) of bound; α=\(alpha) per test"
        return out
    }

    /// The cases at `indices` (sorted ascending), regenerated exactly as the chunks
    /// generated them.
    private func regenerate(source: CaseSource, indices: [Int], salt: UInt64) -> [Case] {
        var result: [Case] = []
        result.reserveCapacity(indices.count)
        var currentChunk = -1
        var g = Xoshiro256StarStar(seed: 0)
        var position = 0
        for i in indices {
            if i < source.fixedCount {
                result.append(source.fixed(i))
                continue
            }
            let chunk = i / Self.chunkLength
            if chunk != currentChunk {
                currentChunk = chunk
                g = Xoshiro256StarStar(seed: seed ^ salt, stream: UInt64(chunk))
                position = max(chunk * Self.chunkLength, source.fixedCount)
            }
            var c = source.random(&g)
            position += 1
            while position <= i {
                c = source.random(&g)
                position += 1
            }
            result.append(c)
        }
        return result
    }

    // MARK: Helpers

    static func salt(format: FloatFormat, name: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(format.name)|\(format.subnormals)|\(format.overflow)|\(name)".utf8 {
            h = (h ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return h
    }

    /// Runs `body` for 0..<count on ``threads`` threads and returns the results in order.
    func parallelMap<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let slots = ResultSlots(results)
        parallelFor(count, workers: threads) { i in slots.base[i] = body(i) }
        return results.map { $0! }
    }
}

/// Result slots written by ``parallelFor(_:workers:_:)``'s workers at distinct indices.
struct ResultSlots<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T?>
    init(_ base: UnsafeMutableBufferPointer<T?>) { self.base = base }
}

extension MPFRReference {
    func results(for c: Verifier.Case, format: FloatFormat) -> DeterministicResults {
        if let op = c.operation { return results(op, c.x, c.y, c.z, format: format) }
        return results(rounding: c.x, to: format)
    }

    func stochastic(
        for c: Verifier.Case, format: FloatFormat, mode: RoundingMode, probability: Bool = true
    ) -> StochasticReference {
        if let op = c.operation {
            setOperands(c.x, c.y, c.z)
            return evaluateStochastic(format: format, mode: mode, probability: probability, compute(op))
        }
        let x = c.x
        return evaluateStochastic(format: format, mode: mode, probability: probability) { y, rnd in
            mpfr_set_d(y, x, rnd)
        }
    }
}
