import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--progress` / `--no-progress`: whether a long run reports its progress on stderr.
/// By default it does when stderr is a terminal (`isatty(2)`), and is silent otherwise.
struct ProgressOption: ParsableArguments {
    @Flag(inversion: .prefixedNo,
          help: "Report progress and the time left on stderr (default: only when stderr is a terminal).")
    var progress: Bool?

    /// A reporter for a run called `label`, enabled per the rule above.
    func reporter(_ label: String) -> Progress {
        Progress(label: label, enabled: progress ?? (isatty(2) != 0))
    }
}

/// The progress of one long run on stderr, with an estimate of the time left:
/// `chop verify: bfloat16 [#######        ] 47%, about 12 s left`.
///
/// Safe to update from worker threads. At most ten updates a second are written; on a
/// terminal each one redraws the same line (`\r`), which ``finish()`` clears; on a
/// file or pipe (with `--progress`) each is a line of its own, written when the whole
/// percentage changes. Results never go here: they are on stdout.
final class Progress: @unchecked Sendable {
    let label: String
    let enabled: Bool
    private let redraws: Bool
    private let lock = NSLock()
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastWrite: UInt64 = 0
    private var lastPercent = -1
    private var drawn = false

    /// Fewest nanoseconds between two writes (10 per second at most).
    static let minimumInterval: UInt64 = 100_000_000

    init(label: String, enabled: Bool) {
        self.label = label
        self.enabled = enabled
        redraws = isatty(2) != 0
    }

    /// Reports that `fraction` (0...1) of the work is done.
    func update(_ fraction: Double) {
        guard enabled else { return }
        let f = fraction.isNaN ? 0 : min(max(fraction, 0), 1)
        lock.lock()
        defer { lock.unlock() }
        let now = DispatchTime.now().uptimeNanoseconds
        let percent = Int((f * 100).rounded(.down))
        guard now - lastWrite >= Self.minimumInterval || lastWrite == 0 else { return }
        if !redraws && percent == lastPercent { return }
        lastWrite = now
        lastPercent = percent
        let elapsed = Double(now - start) * 1e-9
        var line = "\(label) [\(Self.bar(f))] \(percent)%"
        if f > 0.001 && elapsed > 0.5 && f < 1 {
            line += ", about \(Self.duration(elapsed * (1 - f) / f)) left"
        }
        write(redraws ? "\r" + line + "\u{1B}[K" : line + "\n")
        drawn = true
    }

    private var unitsDone = 0.0

    /// Reports that one more of `total` equal units of work is done (from any thread).
    func advance(of total: Double) {
        guard enabled else { return }
        lock.lock()
        unitsDone += 1
        let f = unitsDone / max(total, 1)
        lock.unlock()
        update(f)
    }

    /// Clears the progress line (on a terminal).
    func finish() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if redraws && drawn { write("\r\u{1B}[K") }
        drawn = false
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func bar(_ f: Double) -> String {
        let width = 20
        let filled = Int((f * Double(width)).rounded(.down))
        return String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
    }

    /// `45 s`, `3 min 20 s`, `2 h 5 min`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \(s % 3600 / 60) min"
    }
}
