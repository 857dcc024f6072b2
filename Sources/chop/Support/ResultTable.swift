import Foundation
import RoundingStudies

/// One value of a result row: kept typed so that the table, CSV and JSON forms are
/// printed from the same values (text quoted in JSON, numbers not).
enum ResultCell {
    case text(String)
    case number(Double)
    case integer(Int)
    case flag(Bool)
    /// No value (an empty CSV field, `null` in JSON).
    case missing

    /// The cell in a table or CSV field: numbers as the shortest decimal that reads
    /// back to the same binary64 (`nan`, `inf`, `-inf`).
    var text: String {
        switch self {
        case .text(let s): return s
        case .number(let x): return Self.decimal(x)
        case .integer(let n): return String(n)
        case .flag(let b): return b ? "true" : "false"
        case .missing: return ""
        }
    }

    /// The cell as a JSON value; a NaN or an infinity (which JSON cannot hold) is the
    /// string `"nan"`, `"inf"` or `"-inf"`.
    var json: String {
        switch self {
        case .text(let s): return jsonString(s)
        case .number(let x): return x.isFinite ? Self.decimal(x) : jsonString(Self.decimal(x))
        case .integer(let n): return String(n)
        case .flag(let b): return b ? "true" : "false"
        case .missing: return "null"
        }
    }

    static func decimal(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return x.description
    }
}

/// A JSON string literal of `s` (the studies' escaping, so every command writes JSON alike).
func jsonString(_ s: String) -> String { StudyTable.jsonStringLiteral(s) }

/// A CSV field: quoted when it holds a comma, a quote or a line break.
func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}

/// Result rows under named columns, printed as an aligned table, CSV or a JSON array
/// of objects (keys: the column names).
struct ResultTable {
    var columns: [String]
    var rows: [[ResultCell]] = []

    init(columns: [String]) { self.columns = columns }

    mutating func append(_ row: [ResultCell]) {
        precondition(row.count == columns.count, "a row of \(row.count) cells under \(columns.count) columns")
        rows.append(row)
    }

    /// The rows in `style`, ending with a newline.
    func rendered(_ style: OutputStyle) -> String {
        switch style {
        case .table:
            var numeric = Set<Int>()
            for i in columns.indices where rows.contains(where: { if case .text = $0[i] { return false } else { return true } }) {
                numeric.insert(i)
            }
            var printer = TablePrinter(headers: columns, rightAligned: numeric)
            for row in rows { printer.append(row.map(\.text)) }
            return printer.render() + "\n"
        case .csv:
            return ([columns.map(csvField).joined(separator: ",")]
                    + rows.map { $0.map { csvField($0.text) }.joined(separator: ",") }).joined(separator: "\n") + "\n"
        case .json:
            return jsonArray(rows.map(jsonObject)) + "\n"
        }
    }

    /// One row as a JSON object.
    func jsonObject(_ row: [ResultCell]) -> String {
        "{" + zip(columns, row).map { "\(jsonString($0)): \($1.json)" }.joined(separator: ", ") + "}"
    }
}

/// A JSON array of already-encoded values, one per line.
func jsonArray(_ items: [String]) -> String {
    items.isEmpty ? "[]" : "[\n  " + items.joined(separator: ",\n  ") + "\n]"
}
