import Chop

extension MatrixUnitModel {
    /// The keys ``init(parameters:)`` accepts, with what they set.
    public static let parameterKeys: [(key: String, meaning: String)] = [
        ("preset", "start from this preset (then override the other keys)"),
        ("a", "format of A (fp16, bf16, tf32, e4m3fn, e5m2, e4m3fnuz, …)"),
        ("b", "format of B (default: a)"),
        ("c", "format of C (default: out, or binary32 when out is binary64)"),
        ("out", "output/accumulator format (binary32, binary16, ieee-e8m13)"),
        ("k", "products per block FMA (0 = all of K, structure=exact only)"),
        ("frac", "fraction bits kept below the alignment exponent (F = 23 + neab)"),
        ("neab", "extra alignment bits (sets frac = 23 + neab)"),
        ("shift", "shifted-out bits: truncate or sticky"),
        ("structure", "global, late_c, odd_even, pairwise, exact, split2_c_rn"),
        ("round", "final rounding: rz, rne, ru, rd, ro, rna, sr, …"),
        ("ftz_in", "1 flushes subnormal A and B entries to zero"),
        ("ftz_out", "1 flushes subnormal C at block entry and subnormal results"),
        ("min_exp", "lower limit of the alignment exponent, or none"),
        ("prd_limit", "1: a product with |a·b| ≥ 2^128 gives ±inf"),
        ("promote", "promote to the wider accumulator every N products (multiple of k), or none"),
        ("promote_format", "the promotion accumulator (binary32 or binary64)"),
    ]

    /// A model from `key=value` parameters separated by commas, e.g.
    /// `a=fp16,out=binary32,k=8,frac=24,round=rz,min_exp=-132`, or
    /// `preset=h100-fp16,k=8` to change a preset.
    ///
    /// Without `preset`, `a`, `k` and `frac` (or `neab`) are required; the defaults are
    /// `out=binary32`, `c=out`, `shift=truncate`, `structure=global`, `round=rz`, no
    /// flushing, `min_exp=none`, `prd_limit=0`, no promotion.
    /// - Throws: ``MatrixUnitError/invalidModel(_:)`` naming the bad key or value.
    public init(parameters text: String) throws {
        var pairs: [(String, String)] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else {
                throw MatrixUnitError.invalidModel("expected key=value, got '\(item)'")
            }
            let key = kv[0].lowercased().filter { !$0.isWhitespace }
            guard Self.parameterKeys.contains(where: { $0.key == key }) else {
                throw MatrixUnitError.invalidModel("unknown key '\(key)' (keys: \(Self.parameterKeys.map(\.key).joined(separator: ", ")))")
            }
            guard !pairs.contains(where: { $0.0 == key }) else {
                throw MatrixUnitError.invalidModel("key '\(key)' given twice")
            }
            pairs.append((key, String(kv[1]).filter { !$0.isWhitespace }))
        }
        func value(_ key: String) -> String? { pairs.first { $0.0 == key }?.1 }
        func format(_ key: String) throws -> FloatFormat? {
            guard let v = value(key) else { return nil }
            do { return try FloatFormat(named: v) } catch {
                throw MatrixUnitError.invalidModel("\(key)=\(v): \(error)")
            }
        }
        func integer(_ key: String, allowNone: Bool = false) throws -> Int?? {
            guard let v = value(key) else { return nil }
            if allowNone && v.lowercased() == "none" { return .some(nil) }
            guard let n = Int(v), abs(n) <= 1 << 30 else {
                throw MatrixUnitError.invalidModel("\(key)=\(v) is not an integer\(allowNone ? " or none" : "")")
            }
            return .some(n)
        }
        func flag(_ key: String) throws -> Bool? {
            guard let v = value(key) else { return nil }
            switch v.lowercased() {
            case "1", "true", "yes": return true
            case "0", "false", "no": return false
            default: throw MatrixUnitError.invalidModel("\(key)=\(v) is not 0 or 1")
            }
        }

        var base: MatrixUnitModel?
        if let p = value("preset") { base = try Self.preset(named: p) }
        guard let a = try format("a") ?? base?.inputA else {
            throw MatrixUnitError.invalidModel("missing a=<format> (or preset=<name>)")
        }
        let out = try format("out") ?? base?.output ?? .binary32
        var frac = try integer("frac").map { $0! } ?? base?.alignmentFractionBits
        if let neab = try integer("neab") {
            guard value("frac") == nil else { throw MatrixUnitError.invalidModel("give frac or neab, not both") }
            frac = 23 + neab!
        }
        guard let k = try integer("k").map({ $0! }) ?? base?.blockSize else {
            throw MatrixUnitError.invalidModel("missing k=<block size>")
        }
        guard let frac else { throw MatrixUnitError.invalidModel("missing frac=<bits> (or neab=<bits>)") }
        var shift = base?.shiftedBits ?? .truncate
        if let v = value("shift") {
            guard let s = ShiftedBits(rawValue: v.lowercased()) else {
                throw MatrixUnitError.invalidModel("shift=\(v) (expected truncate or sticky)")
            }
            shift = s
        }
        var structure = base?.structure ?? .global
        if let v = value("structure") {
            guard let s = Structure(rawValue: v.lowercased()) else {
                throw MatrixUnitError.invalidModel("structure=\(v) (expected \(Structure.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            structure = s
        }
        var round = base?.finalRounding ?? .towardZero
        if let v = value("round") {
            do { round = try RoundingMode(named: v) } catch {
                throw MatrixUnitError.invalidModel("round=\(v): \(error)")
            }
        }
        let minExp: Int? = try integer("min_exp", allowNone: true) ?? base?.minimumExponent
        let promote: Int? = try integer("promote", allowNone: true) ?? base?.promotionInterval
        try self.init(
            name: base.map { "\($0.name)+custom" } ?? "custom",
            inputA: a, inputB: try format("b") ?? base?.inputB ?? a,
            inputC: try format("c") ?? (value("out") == nil ? base?.inputC : nil) ?? Self.defaultCFormat(output: out),
            output: out, blockSize: k, alignmentFractionBits: frac, shiftedBits: shift,
            structure: structure, finalRounding: round,
            flushSubnormalInputs: try flag("ftz_in") ?? base?.flushSubnormalInputs ?? false,
            flushSubnormalOutputs: try flag("ftz_out") ?? base?.flushSubnormalOutputs ?? false,
            minimumExponent: minExp, productLimit: try flag("prd_limit") ?? base?.productLimit ?? false,
            promotionInterval: promote,
            promotionFormat: try format("promote_format") ?? base?.promotionFormat ?? .binary32,
            note: base.map { "\($0.name) with custom parameters" } ?? "custom parameters")
    }

    /// A preset name or `key=value,…` parameters (anything containing `=`).
    public init(unit: String) throws {
        if unit.contains("=") { try self.init(parameters: unit) } else { self = try Self.preset(named: unit) }
    }
}
