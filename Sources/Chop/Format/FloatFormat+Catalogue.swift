// The built-in formats. Figures follow ../shared/docs/FORMATS.md and were checked
// against ml_dtypes / numpy finfo where those implement the format.

extension FloatFormat {
    // Built-ins are valid by construction; `try!` cannot fail for these literals.
    private static func builtIn(
        _ name: String, _ e: Int, _ m: Int, bias: Int? = nil, _ specials: Specials = .ieee
    ) -> FloatFormat {
        try! FloatFormat(name: name, exponentBits: e, significandBits: m, bias: bias, specials: specials,
                         subnormals: specials != .unsignedExponentOnly)
    }

    /// IEEE 754 binary64 (double): 1/11/52, max ≈ 1.7977e308.
    public static let binary64 = builtIn("binary64", 11, 52)
    /// IEEE 754 binary32 (single): 1/8/23, max ≈ 3.4028e38.
    public static let binary32 = builtIn("binary32", 8, 23)
    /// IEEE 754 binary16 (half): 1/5/10, max 65504, min subnormal 2⁻²⁴.
    public static let binary16 = builtIn("binary16", 5, 10)
    /// bfloat16: 1/8/7, binary32's range with 8 bits of precision.
    public static let bfloat16 = builtIn("bfloat16", 8, 7)
    /// NVIDIA TensorFloat-32: 1/8/10, binary32's range with binary16's precision.
    public static let tf32 = builtIn("tf32", 8, 10)
    /// OCP FP8 E5M2: 1/5/2, IEEE-style (±∞, NaNs), max 57344.
    public static let e5m2 = builtIn("e5m2", 5, 2)
    /// OCP FP8 E4M3FN: 1/4/3, bias 7, no ∞, NaN only at S.1111.111, max 448.
    public static let e4m3fn = builtIn("e4m3fn", 4, 3, .finiteAllOnesNaN)
    /// IEEE-style E4M3: 1/4/3, bias 7, ±∞ and NaNs in the top binade, max 240
    /// (Pychop's `q43`).
    public static let e4m3 = builtIn("e4m3", 4, 3)
    /// E4M3FNUZ (AMD/Graphcore): bias 8, no ∞, no −0, NaN 0x80, max 240.
    public static let e4m3fnuz = builtIn("e4m3fnuz", 4, 3, bias: 8, .fnuz)
    /// E5M2FNUZ: bias 16, no ∞, no −0, NaN 0x80, max 57344.
    public static let e5m2fnuz = builtIn("e5m2fnuz", 5, 2, bias: 16, .fnuz)
    /// E4M3B11FNUZ: bias 11, no ∞, no −0, NaN 0x80, max 30.
    public static let e4m3b11fnuz = builtIn("e4m3b11fnuz", 4, 3, bias: 11, .fnuz)
    /// E3M4: 1/3/4, IEEE-style, max 15.5.
    public static let e3m4 = builtIn("e3m4", 3, 4)
    /// OCP E8M0FNU scale format: unsigned powers of two 2⁻¹²⁷…2¹²⁷, NaN 0xFF, no zero.
    public static let e8m0fnu = builtIn("e8m0fnu", 8, 0, .unsignedExponentOnly)
    /// OCP FP6 E3M2: 1/3/2, bias 3, no ∞/NaN, max 28; overflow saturates.
    public static let e3m2fn = builtIn("e3m2fn", 3, 2, .finite)
    /// OCP FP6 E2M3: 1/2/3, bias 1, no ∞/NaN, max 7.5; overflow saturates.
    public static let e2m3fn = builtIn("e2m3fn", 2, 3, .finite)
    /// OCP FP4 E2M1: 1/2/1, bias 1, no ∞/NaN, values 0, 0.5, 1, 1.5, 2, 3, 4, 6.
    public static let e2m1fn = builtIn("e2m1fn", 2, 1, .finite)

    /// Every built-in format, widest first.
    public static let builtIns: [FloatFormat] = [
        binary64, binary32, tf32, bfloat16, binary16,
        e5m2, e4m3fn, e4m3, e4m3fnuz, e5m2fnuz, e4m3b11fnuz, e3m4, e8m0fnu,
        e3m2fn, e2m3fn, e2m1fn,
    ]

    /// Alternative spellings accepted by ``init(named:)`` (lower case).
    public static let aliases: [String: String] = [
        "fp64": "binary64", "double": "binary64", "float64": "binary64", "d": "binary64",
        "fp32": "binary32", "single": "binary32", "float32": "binary32", "s": "binary32",
        "fp16": "binary16", "half": "binary16", "float16": "binary16", "h": "binary16",
        "bf16": "bfloat16", "b": "bfloat16",
        "t": "tf32", "tensorfloat32": "tf32",
        "fp8-e5m2": "e5m2", "q52": "e5m2", "float8_e5m2": "e5m2",
        "fp8-e4m3": "e4m3fn", "float8_e4m3fn": "e4m3fn", "fp8-e4m3fn": "e4m3fn",
        "q43": "e4m3", "ieee-e4m3": "e4m3",
        "float8_e4m3fnuz": "e4m3fnuz", "float8_e5m2fnuz": "e5m2fnuz",
        "float8_e4m3b11fnuz": "e4m3b11fnuz", "float8_e3m4": "e3m4",
        "e8m0": "e8m0fnu", "float8_e8m0fnu": "e8m0fnu", "ue8m0": "e8m0fnu",
        "fp6-e3m2": "e3m2fn", "float6_e3m2fn": "e3m2fn", "e3m2": "e3m2fn",
        "fp6-e2m3": "e2m3fn", "float6_e2m3fn": "e2m3fn", "e2m3": "e2m3fn",
        "fp4": "e2m1fn", "fp4-e2m1": "e2m1fn", "float4_e2m1fn": "e2m1fn", "e2m1": "e2m1fn",
    ]

    /// Looks a format up by name.
    ///
    /// Accepts the built-in names (`binary16`, `bfloat16`, `tf32`, `e4m3fn`, …), common
    /// aliases (`fp16`, `half`, `bf16`, `q43`, `fp4`, …; case-insensitive), and custom
    /// IEEE-style formats spelled `ieee-e<E>m<M>` (e.g. `ieee-e3m2`) or
    /// `fp(e=<E>,m=<M>)`.
    /// - Throws: ``FormatError/unknownName(_:)`` for an unknown name and
    ///   ``FormatError/invalidParameter(_:)`` for an impossible custom format.
    public init(named rawName: String) throws {
        let name = rawName.lowercased().filter { !$0.isWhitespace }
        let canonical = Self.aliases[name] ?? name
        if let f = Self.builtIns.first(where: { $0.name == canonical }) {
            self = f
            return
        }
        if let (e, m) = Self.parseCustom(canonical) {
            self = try FloatFormat(exponentBits: e, significandBits: m)
            return
        }
        throw FormatError.unknownName(rawName)
    }

    /// Parses `ieee-e<E>m<M>` or `fp(e=<E>,m=<M>)`.
    private static func parseCustom(_ s: String) -> (Int, Int)? {
        if s.hasPrefix("ieee-e"), let mIndex = s.lastIndex(of: "m") {
            let eText = s[s.index(s.startIndex, offsetBy: 6)..<mIndex]
            let mText = s[s.index(after: mIndex)...]
            if let e = Int(eText), let m = Int(mText) { return (e, m) }
            return nil
        }
        if s.hasPrefix("fp(") && s.hasSuffix(")") {
            let inner = s.dropFirst(3).dropLast()
            var e: Int?, m: Int?
            for part in inner.split(separator: ",") {
                let kv = part.split(separator: "=", maxSplits: 1)
                guard kv.count == 2, let v = Int(kv[1]) else { return nil }
                switch kv[0] {
                case "e": e = v
                case "m": m = v
                default: return nil
                }
            }
            if let e, let m { return (e, m) }
        }
        return nil
    }
}
