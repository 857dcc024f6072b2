import Chop

/// The positive finite values of small formats (at most 16 bits), one row per value:
/// the data behind number-line density plots of the format zoo.
///
/// Every bit pattern is decoded with `FloatFormat/decode(_:)`; NaNs, infinities,
/// zeros and negative values are skipped, so each positive value appears once.
public struct FormatZooStudy: Sendable {
    /// The formats listed, each of at most ``maxBitWidth`` bits.
    public var formats: [FloatFormat]

    /// The widest format accepted (every bit pattern is decoded).
    public static let maxBitWidth = 16

    /// A study of `formats`.
    /// - Throws: ``StudyError/invalidParameter(_:_:)`` for a format wider than ``maxBitWidth`` bits.
    public init(formats: [FloatFormat]) throws {
        for f in formats where f.bitWidth > Self.maxBitWidth {
            throw StudyError.invalidParameter("format for the zoo (at most \(Self.maxBitWidth) bits)", f.name)
        }
        self.formats = formats
    }

    /// The columns of the table: format, bit width, value, and 1 for a subnormal value.
    public static let columns = ["format", "bits", "value", "subnormal"]

    /// Positive finite values of `format` in increasing order.
    public static func positiveValues(of format: FloatFormat) -> [Double] {
        var values = Set<Double>()
        for pattern in 0..<(UInt64(1) << UInt64(format.bitWidth)) {
            let v = format.decode(pattern)
            if v.isFinite && v > 0 { values.insert(v) }
        }
        return values.sorted()
    }

    /// Lists the positive finite values of every format, in increasing order;
    /// `progress` receives the fraction done (0...1).
    public func run(progress: (Double) -> Void = { _ in }) -> StudyTable {
        var table = StudyTable(columns: Self.columns)
        for (i, format) in formats.enumerated() {
            for v in Self.positiveValues(of: format) {
                table.append([.text(format.name), .integer(format.bitWidth), .real(v),
                              .integer(v < format.minNormal ? 1 : 0)])
            }
            progress(Double(i + 1) / Double(formats.count))
        }
        return table
    }
}
