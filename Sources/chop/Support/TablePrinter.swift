/// Prints rows of text as an aligned table (left-aligned text, right-aligned numbers).
struct TablePrinter {
    var headers: [String]
    /// Columns whose cells are right-aligned.
    var rightAligned: Set<Int> = []
    var rows: [[String]] = []

    init(headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The table as lines: header, a rule, the rows.
    func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                let isLast = i == cells.count - 1
                if rightAligned.contains(i) {
                    parts.append(pad + cell)
                } else {
                    parts.append(isLast ? cell : cell + pad)
                }
            }
            return parts.joined(separator: "  ")
        }
        var out = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}
