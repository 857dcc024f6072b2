import Chop
import ChopMPFR
import XCTest

/// Small exhaustive spaces against MPFR, the independent conversion reference against
/// MPFR, the stochastic probe against exact rationals, and shard/merge determinism.
final class ExhaustiveTests: XCTestCase {
    let verifier = ExhaustiveVerifier(threads: 2)

    func assertClean(_ r: ExhaustiveResult, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.mismatches, 0, "\(r.space): \(r.firstMismatches.prefix(3))", file: file, line: line)
        XCTAssertEqual(r.checked, r.spaceSize * UInt64(r.rows.count), file: file, line: line)
    }

    /// Every operand pair of an 8-bit format for × in every deterministic mode, and a
    /// 6-bit format's pairs for + in the stochastic modes (exact probabilities).
    func testEightBitPairSpace() throws {
        let mul = try ExhaustiveSpace(.operation(.multiply, .e4m3fn), modes: RoundingMode.deterministic)
        XCTAssertEqual(mul.count, 65536)
        assertClean(verifier.run(mul))
        let add = try ExhaustiveSpace(.operation(.add, .e3m2fn), modes: [.stochastic(), .stochastic(randomBits: 3), .stochasticEqual])
        assertClean(verifier.run(add))
    }

    /// Every binary16 encoding into E4M3FN in every mode.
    func testConversionSpace() throws {
        let space = try ExhaustiveSpace(.convert(source: .binary16, target: .e4m3fn), modes: RoundingMode.all)
        let r = verifier.run(space)
        assertClean(r)
        // The exact-integer reference was cross-checked against MPFR on a part of it.
        XCTAssertGreaterThan(r.rows[0].mpfrChecked ?? 0, 64)
    }

    /// The exact-integer conversion reference equals MPFR on every binary16 encoding
    /// into every narrower built-in format (where it gives a result at all).
    func testExactConversionReferenceAgreesWithMPFR() {
        let mpfr = MPFRReference()
        var covered = 0
        for target in FloatFormat.builtIns where target.bitWidth < 16 {
            for pattern in UInt64(0)..<65536 where pattern % 3 == 0 {
                let x = FloatFormat.binary16.decode(pattern)
                guard let exact = ExactConversionReference.results(rounding: x, to: target) else { continue }
                covered += 1
                let m = mpfr.results(rounding: x, to: target)
                for mode in RoundingMode.deterministic where !sameResult(m[mode], exact[mode]) {
                    XCTFail("\(target) \(mode) \(x): exact-integer \(exact[mode]), MPFR \(m[mode])")
                    return
                }
            }
        }
        XCTAssertGreaterThan(covered, 100_000)
    }

    /// Correctly rounded elementary functions on every input of an 8-bit format, every
    /// deterministic mode; libm's value rounded once is wrong on some of them.
    func testElementarySpace() throws {
        for f in ElementaryFunction.allCases where f.arity == 1 {
            let space = try ExhaustiveSpace(.elementary(f, .e5m2), modes: RoundingMode.deterministic)
            let r = verifier.run(space)
            assertClean(r)
            XCTAssertEqual(r.rows.reduce(0) { $0 + ($1.undecided ?? 0) }, 0, "\(f)")
        }
        // tanh(20) = 1 − 4.2e−18 (below 1): toward zero in E4M3FN it is 0.9375, not 1.
        var old = ExhaustiveVerifier(threads: 2)
        old.elementaryLibrary = .libm
        let tanh = try ExhaustiveSpace(.elementary(.tanh, .e4m3fn), modes: [.towardZero])
        let r = old.run(tanh)
        XCTAssertGreaterThan(r.mismatches, 0)
        XCTAssertTrue(r.firstMismatches.contains { $0.input.contains("tanh(20.0") && $0.reference.hasPrefix("0.9375") })
        XCTAssertEqual(CorrectlyRoundedElementary.decide(.tanh, 20, format: .e4m3fn, mode: .towardZero).value, 0.9375)
    }

    /// Exact values the mechanism must know (independent facts, not MPFR).
    func testExactElementaryCases() {
        let f = FloatFormat.binary16
        for mode in RoundingMode.deterministic {
            XCTAssertEqual(CorrectlyRoundedElementary.decide(.exp, 0, format: f, mode: mode).value, 1)
            XCTAssertEqual(CorrectlyRoundedElementary.decide(.log2, 1024, format: f, mode: mode).value, 10)
            XCTAssertEqual(CorrectlyRoundedElementary.decide(.log10, 1000, format: f, mode: mode).value, 3)
            XCTAssertEqual(CorrectlyRoundedElementary.decide(.pow, 2.25, 1.5, format: f, mode: mode).value, 3.375)
            XCTAssertEqual(CorrectlyRoundedElementary.decide(.sin, -0.0, format: f, mode: mode).value.bitPattern,
                           (-0.0).bitPattern)
        }
        // sin(x) < x for 0 < x: toward zero the predecessor of 2⁻²⁰ in bfloat16 (spacing 2⁻²⁸
        // below it); to nearest 2⁻²⁰ itself.
        XCTAssertEqual(CorrectlyRoundedElementary.decide(.sin, 0x1p-20, format: .bfloat16, mode: .towardZero).value,
                       0x1p-20 - 0x1p-28)
        XCTAssertEqual(CorrectlyRoundedElementary.decide(.sin, 0x1p-20, format: .bfloat16, mode: .nearestEven).value,
                       0x1p-20)
    }

    /// The probe's probabilities against exact rationals: 1 + 3·2⁻¹² into binary16
    /// (spacing 2⁻¹⁰) has discarded fraction ¾.
    func testStochasticProbe() {
        let x = 1 + 3 * 0x1p-12
        let all = StochasticProbe.probe { g in Chop.round(x, to: .binary16, mode: .stochastic(), using: &g) }
        XCTAssertEqual(all.towardZero, 1)
        XCTAssertEqual(all.awayFromZero, 1 + 0x1p-10)
        XCTAssertEqual(all.probabilityAway, 0.75)
        let one = StochasticProbe.probe { g in Chop.round(x, to: .binary16, mode: .stochastic(randomBits: 1), using: &g) }
        XCTAssertEqual(one.probabilityAway, 0.5)  // ⌊¾·2⌋/2
        let equal = StochasticProbe.probe { g in Chop.round(x, to: .binary16, mode: .stochasticEqual, using: &g) }
        XCTAssertEqual(equal.probabilityAway, 0.5)
        let exact = StochasticProbe.probe { g in Chop.round(1.5, to: .binary16, mode: .stochastic(), using: &g) }
        XCTAssertEqual(exact.wordsDrawn, 0)
        XCTAssertEqual(exact.probabilityAway, 0)
        // f = 2⁻⁴⁰ (several words drawn): 1 + 2⁻⁵⁰ into binary16.
        let y: Double = 1 + 0x1p-50
        let tiny = StochasticProbe.probe { g in Chop.round(y, to: .binary16, mode: .stochastic(), using: &g) }
        XCTAssertEqual(tiny.probabilityAway, 0x1p-40)
        XCTAssertGreaterThan(tiny.wordsDrawn, 1)
    }

    /// Shards are disjoint and cover; the union of the shards of a split equals the
    /// unsharded run (counts and first mismatches), whatever N and the thread count.
    func testShardMergeDeterminism() throws {
        for size: UInt64 in [0, 1, 7, 65536, 1 << 40] {
            for n in [1, 3, 8] {
                var next: UInt64 = 0
                for k in 0..<n {
                    let r = ShardSpec(index: k, count: n).range(in: size)
                    XCTAssertEqual(r.lowerBound, next)
                    next = r.upperBound
                }
                XCTAssertEqual(next, size)
            }
        }
        // A space with mismatches (libm's values rounded once) so first mismatches matter.
        var old = ExhaustiveVerifier(threads: 1)
        old.elementaryLibrary = .libm
        let space = try ExhaustiveSpace(.elementary(.pow, .e4m3fn), modes: [.towardZero, .toOdd])
        let whole = old.run(space)
        XCTAssertGreaterThan(whole.mismatches, 0)
        let wholeMerged = MergedSpace.merge([whole])[0]
        for (n, threads) in [(3, 1), (5, 2)] {
            var sharded = ExhaustiveVerifier(threads: threads)
            sharded.elementaryLibrary = .libm
            let parts = (0..<n).map { sharded.run(space, shard: ShardSpec(index: $0, count: n)) }
            let merged = MergedSpace.merge(parts.reversed())[0]
            XCTAssertTrue(merged.isComplete)
            XCTAssertEqual(merged.rows, wholeMerged.rows)
            XCTAssertEqual(merged.firstMismatches, wholeMerged.firstMismatches)
            // Missing and duplicated shards are reported.
            let broken = MergedSpace.merge(Array(parts.dropFirst()) + [parts[1]])[0]
            XCTAssertEqual(broken.missingShards, [0])
            XCTAssertEqual(broken.duplicatedShards, [1])
            XCTAssertFalse(broken.isComplete)
        }
    }

    /// The run-time thread-safety check: this system's MPFR is built with TLS (the
    /// existing reference tests rely on it), so every requested thread is granted.
    func testThreadSafetyCheck() {
        XCTAssertTrue(MPFRBuild.isThreadSafe)
        XCTAssertEqual(MPFRBuild.workerThreads(requested: 4).threads, 4)
        XCTAssertNil(MPFRBuild.workerThreads(requested: 4).note)
        XCTAssertFalse(MPFRBuild.version.isEmpty)
    }

    /// The CLI: a run with --json-out, merge of its shards, and the bad inputs of issue 12.
    func testCommandLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chop-exhaustive-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let space = ["verify", "--exhaustive", "convert", "--source", "e5m2", "--format", "e2m1fn", "--mode", "all"]
        var files: [String] = []
        for k in 0..<3 {
            let path = dir.appendingPathComponent("s\(k).json").path
            let r = try run(space + ["--shard", "\(k)/3", "--json-out", path])
            XCTAssertEqual(r.status, 0, r.stderr)
            files.append(path)
        }
        var r = try run(["verify", "merge"] + files + ["--output", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("convert e5m2>e2m1fn"), r.stdout)
        XCTAssertTrue(r.stdout.contains(",nearest-even,3,yes,256,0,"), r.stdout)
        r = try run(["verify", "merge", files[0], files[0]])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("missing shards [1, 2]") && r.stderr.contains("duplicated shards [0]"), r.stderr)
        // --emit-slurm writes a 3-task array and a merge that depends on it.
        let slurm = dir.appendingPathComponent("slurm").path
        r = try run(space + ["--emit-slurm", slurm, "--shards", "3"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let array = try String(contentsOfFile: slurm + "/array.sbatch", encoding: .utf8)
        XCTAssertTrue(array.contains("#SBATCH --array=0-2") && array.contains("--shard \"$K/3\""), array)
        let submit = try String(contentsOfFile: slurm + "/submit.sh", encoding: .utf8)
        XCTAssertTrue(submit.contains("--dependency=afterok:"), submit)
        try assertBadInput(["verify", "--samples", "1000000000000"], naming: "1000000000000")
        try assertBadInput(["verify", "--format", "bf16,,e2m1"], naming: "'bf16,,e2m1'")
        try assertBadInput(space + ["--shard", "3/3"], naming: "3/3")
        try assertBadInput(["verify", "--exhaustive", "sideways"], naming: "sideways")
        try assertBadInput(["verify", "--exhaustive", "ops", "--format", "binary32"], naming: "binary32")
        try assertBadInput(["verify", "--exhaustive", "elementary", "--function", "exp,,sin"], naming: "exp,,sin")
        try assertBadInput(["verify", "merge", dir.appendingPathComponent("absent.json").path], naming: "absent.json")
    }
}

/// The typed floats' elementary functions go through ``CorrectlyRoundedElementary``:
/// every binary16 and bfloat16 input against MPFR, in the mode of the type.
final class TypedElementaryExhaustiveTests: XCTestCase {
    func check<S: EmulatedFormatSpec, M: RoundingModeSpec>(
        _: S.Type, _: M.Type, _ f: ElementaryFunction, _ typed: (Emulated<S, M>) -> Emulated<S, M>
    ) {
        let mpfr = MPFRReference()
        var bad = 0
        for pattern in UInt64(0)..<65536 {
            let x = S.format.decode(pattern)
            let expected = mpfr.results(f, x, format: S.format)[M.mode]
            let got = typed(Emulated<S, M>(x)).doubleValue
            if !sameResult(got, expected) {
                bad += 1
                if bad <= 3 { XCTFail("\(S.format) \(M.mode) \(f)(\(x)): typed \(got), MPFR \(expected)") }
            }
        }
        XCTAssertEqual(bad, 0, "\(S.format) \(f)")
    }

    func testHalfAndBFloat16() {
        check(Binary16Spec.self, Rounding.NearestEven.self, .exp) { .exp($0) }
        check(Binary16Spec.self, Rounding.TowardZero.self, .tanh) { .tanh($0) }
        check(Binary16Spec.self, Rounding.ToOdd.self, .log1p) { .log(onePlus: $0) }
        check(BFloat16Spec.self, Rounding.TowardNegative.self, .sin) { .sin($0) }
        check(BFloat16Spec.self, Rounding.TowardPositive.self, .erfc) { .erfc($0) }
        check(BFloat16Spec.self, Rounding.NearestAway.self, .cosh) { .cosh($0) }
    }
}
