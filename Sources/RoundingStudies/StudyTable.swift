import Foundation

/// One cell of a ``StudyTable``.
public enum StudyValue: Hashable, Sendable, CustomStringConvertible {
    /// Text (format and mode names).
    case text(String)
    /// An integer.
    case integer(Int)
    /// A real number; NaN and ±∞ are rendered as `nan`, `inf`, `-inf` (JSON: strings).
    case real(Double)
    /// No value (rendered `-` in text, empty in CSV, `null` in JSON).
    case missing

    /// The cell as text (`nan`, `inf`, `-inf` for specials, `-` for a missing value).
    public var description: String {
        switch self {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .real(let x): return StudyValue.format(x)
        case .missing: return "-"
        }
    }

    /// Shortest round-tripping text of a Double (`nan`, `inf`, `-inf` for specials).
    static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return "\(x)"
    }
}

/// The result of a study: named columns and rows of cells, rendered as an aligned
/// text table, CSV or JSON (an array of objects keyed by column name).
public struct StudyTable: Hashable, Sendable {
    /// The column names.
    public var columns: [String]
    /// The rows, one cell per column.
    public var rows: [[StudyValue]]

    /// A table with `columns` and, optionally, rows.
    public init(columns: [String], rows: [[StudyValue]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// Appends a row; it must have one cell per column.
    public mutating func append(_ row: [StudyValue]) {
        precondition(row.count == columns.count, "row has \(row.count) cells, table has \(columns.count) columns")
        rows.append(row)
    }

    /// The column named `name`, or nil.
    public func column(_ name: String) -> [StudyValue]? {
        guard let i = columns.firstIndex(of: name) else { return nil }
        return rows.map { $0[i] }
    }

    /// An aligned plain-text table: text left-aligned, numbers right-aligned.
    public func renderedAsText() -> String {
        let cells = rows.map { $0.map(\.description) }
        var widths = columns.map(\.count)
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func pad(_ s: String, _ w: Int, right: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count))
            return right ? fill + s : s + fill
        }
        var lines: [String] = []
        let numeric = columns.indices.map { i in
            rows.allSatisfy { r in if case .text = r[i] { return false } else { return true } } && !rows.isEmpty
        }
        lines.append(columns.enumerated().map { pad($1, widths[$0], right: numeric[$0]) }.joined(separator: "  "))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for row in cells {
            lines.append(row.enumerated().map { pad($1, widths[$0], right: numeric[$0]) }.joined(separator: "  "))
        }
        return lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 CSV with a header line; missing values are empty fields.
    public func renderedAsCSV() -> String {
        func field(_ s: String) -> String {
            if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        }
        var out = columns.map(field).joined(separator: ",") + "\n"
        for row in rows {
            out += row.map { v -> String in
                if case .missing = v { return "" }
                return field(v.description)
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// `s` as a JSON string literal: quotes, backslashes and control characters
    /// escaped (`\n`, `\r`, `\t`, otherwise `\u00XX`); every other scalar as is.
    public static func jsonStringLiteral(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A JSON array with one object per row. Non-finite reals become the strings
    /// `"nan"`, `"inf"`, `"-inf"` (JSON has no such numbers); missing values `null`.
    public func renderedAsJSON() -> String {
        let string = StudyTable.jsonStringLiteral
        func value(_ v: StudyValue) -> String {
            switch v {
            case .text(let s): return string(s)
            case .integer(let i): return String(i)
            case .real(let x): return x.isFinite ? StudyValue.format(x) : string(StudyValue.format(x))
            case .missing: return "null"
            }
        }
        let objects = rows.map { row in
            "  {" + zip(columns, row).map { string($0) + ": " + value($1) }.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + (objects.isEmpty ? "]\n" : "\n]\n")
    }
}
