/// Observed runs for one law: the law's variables per row and the observed
/// response (loss, error, ...), all validated against the law's domains.
public struct ScalingDataset: Sendable, Equatable {
    /// Variable values, one array per row, in the law's ``ScalingLaw/variables`` order.
    public private(set) var rows: [[Double]]
    /// The observed response per row (strictly positive: it is fitted in log space).
    public private(set) var response: [Double]

    /// The number of rows.
    public var count: Int { rows.count }

    /// - Throws: ``ScalingLawError/outOfDomain(row:column:value:requirement:)`` for a
    ///   value outside its variable's domain or a non-positive response;
    ///   ``ScalingLawError/tooFewRows(have:need:)`` with fewer rows than parameters + 1.
    public init(law: ScalingLaw, rows: [[Double]], response: [Double]) throws {
        guard rows.count == response.count else {
            throw ScalingLawError.invalidArgument("\(rows.count) rows but \(response.count) responses")
        }
        for (r, row) in rows.enumerated() {
            guard row.count == law.variables.count else {
                throw ScalingLawError.invalidArgument("row \(r + 1) has \(row.count) values, the law has \(law.variables.count) variables")
            }
            for (v, x) in zip(law.variables, row) where !v.domain.accepts(x) {
                throw ScalingLawError.outOfDomain(row: r + 1, column: v.name, value: x, requirement: v.domain.phrase)
            }
            guard response[r] > 0, response[r].isFinite else {
                throw ScalingLawError.outOfDomain(row: r + 1, column: law.response, value: response[r], requirement: "positive")
            }
        }
        let need = law.parameters.count + 1
        guard rows.count >= need else { throw ScalingLawError.tooFewRows(have: rows.count, need: need) }
        self.rows = rows
        self.response = response
    }

    /// Reads a comma-separated table whose header names the law's variables and
    /// response (other columns are ignored; names match exactly, surrounding
    /// spaces and quotes are dropped). Blank lines are skipped. Row numbers in
    /// errors count data rows from 1.
    /// - Throws: ``ScalingLawError/missingColumn(_:available:)``, ``ScalingLawError/badValue(row:column:text:)``,
    ///   and the errors of ``init(law:rows:response:)``.
    public init(csv text: String, law: ScalingLaw) throws {
        func fields(_ line: Substring) -> [String] {
            line.split(separator: ",", omittingEmptySubsequences: false).map {
                String($0).trimmingSpaces().trimmingCharacters("\"")
            }
        }
        var lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .filter { !$0.allSatisfy(\.isWhitespace) }
        guard !lines.isEmpty else {
            throw ScalingLawError.missingColumn(law.variables.first?.name ?? law.response, available: [])
        }
        let header = fields(lines.removeFirst())
        let wanted = law.variables.map(\.name) + [law.response]
        let index = try wanted.map { name -> Int in
            guard let i = header.firstIndex(of: name) else {
                throw ScalingLawError.missingColumn(name, available: header)
            }
            return i
        }
        var rows: [[Double]] = []
        var response: [Double] = []
        for (r, line) in lines.enumerated() {
            let f = fields(line)
            var values: [Double] = []
            for (name, i) in zip(wanted, index) {
                let text = i < f.count ? f[i] : ""
                guard let v = Double(text) else { throw ScalingLawError.badValue(row: r + 1, column: name, text: text) }
                values.append(v)
            }
            response.append(values.removeLast())
            rows.append(values)
        }
        try self.init(law: law, rows: rows, response: response)
    }

    /// The rows at the given indices (for bootstrap resampling and subsets).
    public func subset(_ indices: [Int]) -> ScalingDataset {
        var copy = self
        copy.rows = indices.map { rows[$0] }
        copy.response = indices.map { response[$0] }
        return copy
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    func trimmingCharacters(_ c: Character) -> String {
        var s = Substring(self)
        while s.first == c { s.removeFirst() }
        while s.last == c { s.removeLast() }
        return String(s)
    }
}
