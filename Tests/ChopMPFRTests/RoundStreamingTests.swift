import BigInt
import CMPFR
import Chop
@testable import ChopMPFR
import XCTest

/// `chop round` reading stdin (the streaming path, issue 15 item 4) against MPFR's
/// `mpfr_strtofr`, which reads a decimal literal exactly and rounds it once
/// (`MPFRReference.evaluateAll` applies the format's range): random short decimals,
/// and the hard cases of double rounding — exact midpoints of the target format written
/// in decimal, and decimals a hair above or below a midpoint whose nearest binary64 is
/// the midpoint itself (reading through a `Double` first would tie them wrongly).
final class RoundStreamingTests: XCTestCase {
    let reference = MPFRReference()

    /// Decimal texts for `format`: midpoints, near-midpoints and random short decimals.
    func inputs(for format: FloatFormat, count: Int, seed: UInt64) -> [String] {
        var g = Xoshiro256StarStar(seed: seed)
        var texts: [String] = []
        let m = format.significandBits
        let low = format.subnormals ? format.emin - m : format.emin
        while texts.count < count {
            // A positive value's midpoint above it: (2k + 1)·2^(q − 1), exactly, in decimal.
            let e = Int(g.next() % UInt64(format.emax - format.emin + 1)) + format.emin
            let q = max(e - m, low)
            let odd = 2 * BigUInt(g.next() % (UInt64(1) << UInt64(m + 1))) + 1
            let scale = q - 1
            let digits = scale >= 0 ? String(odd << scale) : String(odd * BigUInt(5).power(-scale))
            let exponent = scale >= 0 ? 0 : scale
            let sign = g.next() % 2 == 0 ? "" : "-"
            texts.append("\(sign)\(digits)e\(exponent)")
            // Just above and just below the midpoint, by one unit in the 30th digit
            // beyond its last: the nearest binary64 is the midpoint.
            texts.append("\(sign)\(digits)\(String(repeating: "0", count: 29))1e\(exponent - 30)")
            let below = String(BigUInt(digits)! - 1)
            texts.append("\(sign)\(below)\(String(repeating: "9", count: 30))e\(exponent - 30)")
            // The midpoint and its lower neighbour value to 12...15 significant digits: short
            // decimals whose nearest binary64 is often the midpoint or the value itself
            // (inexact: the fast path must leave them to the exact path).
            let midpoint = Double(sign: .plus, exponent: scale, significand: Double(odd))
            if midpoint.isFinite && midpoint > 0 {
                for digits in 12...15 {
                    texts.append(sign + String(format: "%.\(digits)g", midpoint))
                    texts.append(sign + String(format: "%.\(digits)g", midpoint - Double(sign: .plus, exponent: scale, significand: 1)))
                }
            }
            // A short decimal (1...9 significant digits) anywhere in the range.
            let n = Int(g.next() % 9) + 1
            var short = String(g.next() % 9 + 1)
            for _ in 1..<n { short += String(g.next() % 10) }
            let decimal = Int((Double(e) * 0.30103).rounded()) - n + 1 + Int(g.next() % 3) - 1
            texts.append("\(sign)\(short)e\(decimal)")
            // And the same written with a decimal point (0.00123, 123.45).
            if decimal < 0 && -decimal < 12 {
                let padded = String(repeating: "0", count: max(0, -decimal - short.count + 1)) + short
                let point = padded.index(padded.endIndex, offsetBy: decimal)
                texts.append("\(sign)\(padded[..<point]).\(padded[point...])")
            }
        }
        return texts
    }

    func testStreamingRoundAgainstMPFR() throws {
        let cases: [(String, FloatFormat)] = [("bf16", .bfloat16), ("fp16", .binary16), ("e4m3fn", .e4m3fn),
                                              ("binary32", .binary32), ("e5m2", .e5m2)]
        let modes: [(String, KeyPath<DeterministicResults, Double>)] = [
            ("nearest-even", \.nearestEven), ("nearest-away", \.nearestAway), ("toward-zero", \.towardZero),
            ("toward-positive", \.towardPositive), ("to-odd", \.toOdd)]
        var checked = 0
        for (k, (name, format)) in cases.enumerated() {
            let texts = inputs(for: format, count: 2_000, seed: UInt64(k + 1))
            let want = texts.map { text in reference.evaluateAll(format: format) { y, rnd in mpfr_strtofr(y, text, nil, 0, rnd) } }
            for (modeName, path) in modes {
                let r = try run(["round", "--format", name, "--mode", modeName], stdin: texts.joined(separator: "\n") + "\n")
                XCTAssertEqual(r.status, 0, r.stderr)
                let lines = r.stdout.split(separator: "\n")
                XCTAssertEqual(lines.count, texts.count)
                var failures = 0
                for (i, line) in lines.enumerated() where i < texts.count {
                    let got = Double(line)!, expected = want[i][keyPath: path]
                    checked += 1
                    if !(got.bitPattern == expected.bitPattern || (got.isNaN && expected.isNaN)) {
                        failures += 1
                        if failures <= 5 { XCTFail("\(texts[i]) → \(name) \(modeName): chop \(line), MPFR \(expected)") }
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 50_000)
    }

    /// `… | chop round --format bf16 | head -3`: when the reader closes the pipe, the
    /// command ends with status 0 and nothing on stderr (not killed by SIGPIPE).
    func testClosedOutputPipeEndsQuietly() throws {
        signal(SIGPIPE, SIG_IGN)  // this process writes into chop's stdin after chop exits
        let process = Process()
        process.executableURL = Self.chopExecutable
        process.arguments = ["round", "--format", "bf16"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let fd = input.fileHandleForWriting.fileDescriptor
        let feeder = Thread {
            let block = [UInt8](String(repeating: "0.1\n", count: 10_000).utf8)
            for _ in 0..<100 {
                if block.withUnsafeBytes({ write(fd, $0.baseAddress!, $0.count) }) < 0 { break }
            }
            close(fd)
        }
        feeder.start()
        var head = Data()
        while head.filter({ $0 == 0x0A }).count < 3 {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            head.append(chunk)
        }
        XCTAssertTrue(String(decoding: head, as: UTF8.self).hasPrefix("0.10009765625\n0.10009765625\n0.10009765625\n"))
        output.fileHandleForReading.closeFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "")
    }
}
