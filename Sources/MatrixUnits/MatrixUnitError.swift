import Chop

/// What `gemm` and the model parser reject. Every case names the offending value.
public enum MatrixUnitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A model parameter outside what the emulator supports.
    case invalidModel(String)
    /// An unknown preset name.
    case unknownUnit(String)
    /// Matrix shapes that do not fit `D = A·B + C`, an empty matrix, or a size above
    /// the bounds.
    case shapeMismatch(String)
    /// The first entry (row-major order) of a matrix that is not a value of the model's
    /// input format: matrix name, 0-based row and column, the value and the format.
    case notRepresentable(matrix: String, row: Int, column: Int, value: Double, format: String)

    /// The one-line message, quoting the bad value (what the CLI prints after `chop: error:`).
    public var description: String {
        switch self {
        case .invalidModel(let m): return "invalid matrix-unit model: \(m)"
        case .unknownUnit(let n): return "unknown matrix unit '\(n)' (try `chop gemm --list-units`, or key=value parameters)"
        case .shapeMismatch(let m): return m
        case let .notRepresentable(matrix, row, column, value, format):
            return "\(matrix)[\(row + 1),\(column + 1)] = \(value.description) is not a value of \(format)"
        }
    }
}

/// A row-major matrix of binary64 values.
public struct Matrix: Hashable, Sendable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The entries, row after row (`values[i * columns + j]`).
    public var values: [Double]

    /// A matrix of the given shape; `values.count` must be `rows * columns`.
    /// - Throws: ``MatrixUnitError/shapeMismatch(_:)`` otherwise, or for negative sizes.
    public init(rows: Int, columns: Int, values: [Double]) throws {
        guard rows >= 0, columns >= 0, rows.multipliedReportingOverflow(by: columns).partialValue == values.count,
              !rows.multipliedReportingOverflow(by: columns).overflow else {
            throw MatrixUnitError.shapeMismatch("a \(rows)×\(columns) matrix needs \(max(0, rows) &* max(0, columns)) values, got \(values.count)")
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix from its rows, which must all have the same length.
    /// - Throws: ``MatrixUnitError/shapeMismatch(_:)`` for ragged rows.
    public init(_ rowList: [[Double]]) throws {
        let n = rowList.first?.count ?? 0
        if let bad = rowList.firstIndex(where: { $0.count != n }) {
            throw MatrixUnitError.shapeMismatch("row \(bad + 1) has \(rowList[bad].count) entries, row 1 has \(n)")
        }
        try self.init(rows: rowList.count, columns: n, values: rowList.flatMap { $0 })
    }

    /// A `rows × columns` matrix of zeros.
    public static func zeros(rows: Int, columns: Int) -> Matrix {
        // Sizes are non-negative by construction here.
        try! Matrix(rows: max(0, rows), columns: max(0, columns), values: [Double](repeating: 0, count: max(0, rows) * max(0, columns)))
    }

    /// The entry in row `i`, column `j` (0-based).
    @inlinable public subscript(i: Int, j: Int) -> Double {
        get { values[i * columns + j] }
        set { values[i * columns + j] = newValue }
    }

    /// The rows as arrays.
    public var rowArrays: [[Double]] {
        (0..<rows).map { Array(values[$0 * columns ..< ($0 + 1) * columns]) }
    }
}
