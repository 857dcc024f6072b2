/// The result of checking one shard of one ``ExhaustiveSpace`` (the JSON that
/// `chop verify --exhaustive … --json-out FILE` writes and `chop verify merge` reads).
public struct ExhaustiveResult: Codable, Hashable, Sendable {
    /// The most mismatches described per result.
    public static let firstMismatchLimit = 10

    /// One mode's counts.
    public struct ModeRow: Codable, Hashable, Sendable {
        /// The rounding mode's name (`nearest-even`, `stochastic:8`, …).
        public var mode: String
        /// The cases checked in this mode.
        public var checked: UInt64
        /// The cases where the library and the reference disagree (bit for bit; NaN equals
        /// any NaN, +0 and −0 differ; stochastic modes: outcomes or probabilities).
        public var mismatches: UInt64
        /// Elementary spaces: cases the library could not decide from libm's value and
        /// rounded it anyway (see `CorrectlyRoundedElementary/Decision/undecided`).
        public var undecided: UInt64?
        /// Conversion spaces: cases where the exact-integer reference was cross-checked
        /// against MPFR (every case it does not cover, and every 1024th case it does).
        public var mpfrChecked: UInt64?

        /// A row for `mode` with the given counts.
        public init(mode: String, checked: UInt64 = 0, mismatches: UInt64 = 0) {
            self.mode = mode
            self.checked = checked
            self.mismatches = mismatches
        }
    }

    /// One disagreement.
    public struct Mismatch: Codable, Hashable, Sendable, Comparable {
        /// The case's index in the space.
        public var index: UInt64
        /// The rounding mode's name.
        public var mode: String
        /// The operands, exactly.
        public var input: String
        /// The library's result, as exact text (for stochastic modes: its two outcomes and
        /// probability).
        public var library: String
        /// The reference's result, in the same form.
        public var reference: String

        /// Orders by case index, then by mode name.
        public static func < (a: Mismatch, b: Mismatch) -> Bool {
            (a.index, a.mode) < (b.index, b.mode)
        }
    }

    /// The space's name (``ExhaustiveSpace/name``).
    public var space: String
    /// The number of cases of the whole space.
    public var spaceSize: UInt64
    /// Which part of the space this result covers.
    public var shard: ShardSpec
    /// The case indices covered, `start ..< end`.
    public var start: UInt64
    /// The end (exclusive) of the covered index range.
    public var end: UInt64
    /// The counts, one row per mode.
    public var rows: [ModeRow]
    /// The first mismatches by case index (at most ``firstMismatchLimit``).
    public var firstMismatches: [Mismatch]
    /// Elementary spaces: the first undecided cases by index (at most
    /// ``firstMismatchLimit``; `library` is the value returned, `reference` MPFR's).
    public var firstUndecided: [Mismatch]?
    /// Wall-clock and CPU seconds of the shard, and its worker threads.
    public var seconds: Double
    /// The CPU seconds of the shard (all threads).
    public var cpuSeconds: Double
    /// The worker threads used.
    public var threads: Int
    /// The version of SwiftChop that produced the result.
    public var libraryVersion: String
    /// The version of GNU MPFR used as the reference.
    public var mpfrVersion: String

    /// Checks summed over the modes.
    public var checked: UInt64 { rows.reduce(0) { $0 + $1.checked } }
    /// Mismatches summed over the modes.
    public var mismatches: UInt64 { rows.reduce(0) { $0 + $1.mismatches } }
}

/// The file written by one `chop verify --exhaustive` run: every space's result.
public struct ExhaustiveReport: Codable, Hashable, Sendable {
    /// Identifies the file format.
    public var schema = "chop-verify-exhaustive/1"
    /// One result per space and shard.
    public var results: [ExhaustiveResult]

    /// A report of `results`.
    public init(results: [ExhaustiveResult]) { self.results = results }
}

/// The union of shard results of one space, with any shard missing or duplicated.
public struct MergedSpace: Hashable, Sendable {
    /// The space's name.
    public var space: String
    /// The number of cases of the whole space.
    public var spaceSize: UInt64
    /// The number of shards the space was split into.
    public var shardCount: Int
    /// Shards absent from the inputs.
    public var missingShards: [Int]
    /// Shards present more than once.
    public var duplicatedShards: [Int]
    /// Shards whose count or range disagrees with the others'.
    public var inconsistent: [String]
    /// Summed per mode, in the order of the first result.
    public var rows: [ExhaustiveResult.ModeRow]
    /// The first mismatches by case index over all shards.
    public var firstMismatches: [ExhaustiveResult.Mismatch]
    /// CPU seconds summed over the shards.
    public var cpuSeconds: Double
    /// The distinct library versions of the shards (one when the run was consistent).
    public var libraryVersions: [String]
    /// The distinct MPFR versions of the shards.
    public var mpfrVersions: [String]

    /// Every case covered exactly once.
    public var isComplete: Bool { missingShards.isEmpty && duplicatedShards.isEmpty && inconsistent.isEmpty }
    /// Checks summed over the modes.
    public var checked: UInt64 { rows.reduce(0) { $0 + $1.checked } }
    /// Mismatches summed over the modes.
    public var mismatches: UInt64 { rows.reduce(0) { $0 + $1.mismatches } }

    /// Merges results (any order) into one entry per space, in order of first appearance.
    public static func merge(_ results: [ExhaustiveResult]) -> [MergedSpace] {
        var order: [String] = []
        var groups: [String: [ExhaustiveResult]] = [:]
        for r in results {
            if groups[r.space] == nil { order.append(r.space) }
            groups[r.space, default: []].append(r)
        }
        return order.map { name in
            let group = groups[name]!
            let n = group[0].shard.count
            var seen: [Int: Int] = [:]
            var inconsistent: [String] = []
            var rows = group[0].rows.map { ExhaustiveResult.ModeRow(mode: $0.mode) }
            var mismatches: [ExhaustiveResult.Mismatch] = []
            var cpu = 0.0
            for r in group {
                if r.shard.count != n || r.spaceSize != group[0].spaceSize {
                    inconsistent.append("shard \(r.shard) of a split into \(r.shard.count) (size \(r.spaceSize)); expected \(n) (size \(group[0].spaceSize))")
                    continue
                }
                let expected = r.shard.range(in: r.spaceSize)
                if expected.lowerBound != r.start || expected.upperBound != r.end {
                    inconsistent.append("shard \(r.shard) covers \(r.start)..<\(r.end), expected \(expected.lowerBound)..<\(expected.upperBound)")
                    continue
                }
                if r.rows.map(\.mode) != rows.map(\.mode) {
                    inconsistent.append("shard \(r.shard) checks modes \(r.rows.map(\.mode)), expected \(rows.map(\.mode))")
                    continue
                }
                seen[r.shard.index, default: 0] += 1
                if seen[r.shard.index]! > 1 { continue }
                for (k, row) in r.rows.enumerated() {
                    rows[k].checked += row.checked
                    rows[k].mismatches += row.mismatches
                    if let u = row.undecided { rows[k].undecided = (rows[k].undecided ?? 0) + u }
                    if let m = row.mpfrChecked { rows[k].mpfrChecked = (rows[k].mpfrChecked ?? 0) + m }
                }
                mismatches += r.firstMismatches
                cpu += r.cpuSeconds
            }
            mismatches.sort()
            return MergedSpace(
                space: name, spaceSize: group[0].spaceSize, shardCount: n,
                missingShards: (0..<n).filter { seen[$0] == nil },
                duplicatedShards: seen.filter { $0.value > 1 }.map(\.key).sorted(),
                inconsistent: inconsistent, rows: rows,
                firstMismatches: Array(mismatches.prefix(ExhaustiveResult.firstMismatchLimit)),
                cpuSeconds: cpu,
                libraryVersions: Array(Set(group.map(\.libraryVersion))).sorted(),
                mpfrVersions: Array(Set(group.map(\.mpfrVersion))).sorted())
        }
    }
}
