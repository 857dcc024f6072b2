import Chop

extension MatrixUnitModel {
    /// The binary32-range accumulator with 13 fraction bits of fp8 MMA on Ada and
    /// Hopper (GM:105-109; DSV3 "only uses the highest 14 bits"; SageAttention2's e8m13
    /// "FP22", quoted in DeepGEMM #37).
    public static let fp8Accumulator13: FloatFormat = try! FloatFormat(exponentBits: 8, significandBits: 13)

    /// One preset: its names and how to build it.
    private struct Row {
        let names: [String]
        let model: MatrixUnitModel
    }

    // A preset row. `try!` is safe: every preset is validated by the tests
    // (`testEveryPresetValidates`), and the parameters are constants.
    private static func nv(
        _ names: [String], _ a: FloatFormat, out: FloatFormat = .binary32, c: FloatFormat? = nil,
        k: Int, frac: Int, round: RoundingMode, minExp: Int?, structure: Structure = .global,
        note: String
    ) -> Row {
        Row(names: names, model: try! MatrixUnitModel(
            name: names[0], inputA: a, inputC: c, output: out, blockSize: k, alignmentFractionBits: frac,
            structure: structure, finalRounding: round, minimumExponent: minExp, note: note))
    }

    private static func amd(
        _ names: [String], _ a: FloatFormat, k: Int, frac: Int, structure: Structure,
        ftz: Bool, prdLimit: Bool, note: String
    ) -> Row {
        Row(names: names, model: try! MatrixUnitModel(
            name: names[0], inputA: a, output: .binary32, blockSize: k, alignmentFractionBits: frac,
            structure: structure, finalRounding: .nearestEven, flushSubnormalInputs: ftz,
            flushSubnormalOutputs: ftz, minimumExponent: nil, productLimit: prdLimit, note: note))
    }

    private static let rows: [Row] = {
        let h = FloatFormat.binary16, b = FloatFormat.bfloat16, t = FloatFormat.tf32
        let e4 = FloatFormat.e4m3fn, e5 = FloatFormat.e5m2
        let acc13 = fp8Accumulator13
        var r: [Row] = [
            nv(["v100-fp16"], h, k: 4, frac: 23, round: .towardZero, minExp: nil,
               note: "V100TC.m:38-64; FH V100 probes (no extra bit, truncation); 5000/5000 GPU rows"),
            nv(["v100-fp16-fp16out"], h, out: h, k: 4, frac: 23, round: .nearestEven, minExp: -19,
               note: "V100TC.m:79-84; 5000/5000 GPU rows (these rows do not pin frac for fp16 output)"),
            nv(["a100-fp16", "a2-fp16", "a30-fp16"], h, k: 8, frac: 24, round: .towardZero, minExp: -132,
               note: "A100TC.m:50-89; FH A100 probes (one extra bit); HP A30; 5000/5000 rows on 2 GPUs"),
            nv(["a100-fp16-fp16out", "a2-fp16-fp16out", "a30-fp16-fp16out"], h, out: h, k: 8, frac: 24,
               round: .nearestEven, minExp: -20, note: "A100TC.m:91-97; 5000/5000 rows on 2 GPUs"),
            nv(["a100-bf16", "a2-bf16", "a30-bf16"], b, k: 8, frac: 24, round: .towardZero, minExp: -132,
               note: "A100TC.m:50-89; FH A100 bf16 probes; 5000/5000 rows on 2 GPUs"),
            nv(["a100-tf32", "a2-tf32", "a30-tf32"], t, k: 4, frac: 24, round: .towardZero, minExp: -132,
               note: "A100TC.m:98-100; FH A100 tf32 probes; 5000/5000 rows on 2 GPUs"),
            nv(["ada-fp16", "l40s-fp16"], h, k: 8, frac: 24, round: .towardZero, minExp: -132,
               note: "AdaTC.m:51-77, L40STC.m; 5000/5000 rows on 2 GPUs"),
            nv(["ada-bf16", "l40s-bf16"], b, k: 8, frac: 24, round: .towardZero, minExp: -132,
               note: "AdaTC.m:51-77, L40STC.m; 5000/5000 rows on 2 GPUs"),
            nv(["ada-fp16-fp16out", "l40s-fp16-fp16out"], h, out: h, k: 8, frac: 24, round: .nearestEven, minExp: -20,
               note: "AdaTC.m:97-103; 5000/5000 rows on 2 GPUs"),
            nv(["ada-tf32", "l40s-tf32"], t, k: 4, frac: 24, round: .towardZero, minExp: -132,
               note: "AdaTC.m:104-105; 5000/5000 rows on 2 GPUs"),
            nv(["ada-fp8-e4m3", "l40s-fp8-e4m3"], e4, out: acc13, c: .binary32, k: 16, frac: 13, round: .towardZero, minExp: -132,
               note: "AdaTC.m:106-108 (neab=-10, 13-bit output); 5000/5000 rows on 2 GPUs (K=32)"),
            nv(["ada-fp8-e5m2", "l40s-fp8-e5m2"], e5, out: acc13, c: .binary32, k: 16, frac: 13, round: .towardZero, minExp: -132,
               note: "AdaTC.m:106-108 (neab=-10, 13-bit output); 5000/5000 rows on 2 GPUs (K=32)"),
            nv(["h100-fp16", "h200-fp16"], h, k: 16, frac: 25, round: .towardZero, minExp: -133,
               note: "H100TC.m:48-74 (two extra bits); 5000/5000 rows on 2 GPUs"),
            nv(["h100-bf16", "h200-bf16"], b, k: 16, frac: 25, round: .towardZero, minExp: -133,
               note: "H100TC.m:48-74; 5000/5000 rows on 2 GPUs"),
            nv(["h100-fp16-fp16out", "h200-fp16-fp16out"], h, out: h, k: 16, frac: 25, round: .nearestEven, minExp: -21,
               note: "H100TC.m:95-101; 5000/5000 rows on 2 GPUs"),
            nv(["h100-tf32", "h200-tf32"], t, k: 8, frac: 25, round: .towardZero, minExp: -133,
               note: "H100TC.m:103-104; 5000/5000 rows on 2 GPUs (K=4 only)"),
            nv(["h100-fp8-e4m3", "h200-fp8-e4m3"], e4, out: acc13, c: .binary32, k: 32, frac: 13, round: .towardZero, minExp: -133,
               note: "H100TC.m:105-109; DSV3 §3.5.2 (14 bits); GPU rows with C=0 only: C inside the 13-bit alignment is [?]"),
            nv(["h100-fp8-e5m2", "h200-fp8-e5m2"], e5, out: acc13, c: .binary32, k: 32, frac: 13, round: .towardZero, minExp: -133,
               note: "H100TC.m:105-109; DSV3 §3.5.2; GPU rows with C=0 only: C inside the 13-bit alignment is [?]"),
            nv(["b200-fp16", "rtxpro6000-fp16"], h, k: 16, frac: 25, round: .towardZero, minExp: -133,
               note: "B200TC.m:50-75; 5000/5000 GPU rows"),
            nv(["b200-bf16", "rtxpro6000-bf16"], b, k: 16, frac: 25, round: .towardZero, minExp: -133,
               note: "B200TC.m:50-75; 5000/5000 GPU rows"),
            nv(["b200-fp16-fp16out"], h, out: h, k: 16, frac: 25, round: .nearestEven, minExp: -21,
               note: "B200TC.m:91-97; 5000/5000 GPU rows"),
            nv(["b200-tf32"], t, k: 8, frac: 25, round: .towardZero, minExp: -133,
               note: "B200TC.m:98-99; 5000/5000 GPU rows (K=4)"),
            nv(["b200-fp8-e4m3"], e4, k: 32, frac: 25, round: .towardZero, minExp: -133,
               note: "B200TC.m:100-110 at HEAD (tcgen05 per the comment at 5467425:67; DeepGEMM #176: 25-bit accumulator); [?] matches only 3207/5000 of the repo's mma.sync rows, see b200-mmasync-fp8-e4m3"),
            nv(["b200-fp8-e5m2"], e5, k: 32, frac: 25, round: .towardZero, minExp: -133,
               note: "B200TC.m:100-110 at HEAD; [?] matches only 3236/5000 of the repo's mma.sync rows, see b200-mmasync-fp8-e5m2"),
            nv(["b200-mmasync-fp8-e4m3"], e4, k: 32, frac: 25, round: .nearestEven, minExp: -133, structure: .split2CRN,
               note: "GM at 5467425:103-114, 201-238; 5000/5000 GPU rows (the half-block layout is not pinned by the data [?])"),
            nv(["b200-mmasync-fp8-e5m2"], e5, k: 32, frac: 25, round: .nearestEven, minExp: -133, structure: .split2CRN,
               note: "GM at 5467425:103-114, 201-238; 5000/5000 GPU rows (the half-block layout is not pinned by the data [?])"),
            nv(["b200rn-fp16"], h, k: 16, frac: 25, round: .nearestEven, minExp: -133,
               note: "B200TCRN.m (the round-to-nearest variant used in MT's experiments); no GPU data"),
            nv(["b200rn-bf16"], b, k: 16, frac: 25, round: .nearestEven, minExp: -133,
               note: "B200TCRN.m; no GPU data"),
            amd(["mi100-fp16"], h, k: 4, frac: 0, structure: .exact, ftz: false, prdLimit: false,
                note: "MI100MC.m:47-103 (CDNA1: exact block sum, RNE); [?] no AMD data"),
            amd(["mi100-bf16"], b, k: 2, frac: 0, structure: .exact, ftz: false, prdLimit: false,
                note: "MI100MC.m:47-103; [?] no AMD data"),
            amd(["mi250x-fp16", "mi210-fp16", "mi250-fp16"], h, k: 4, frac: 0, structure: .pairwise, ftz: true, prdLimit: true,
                note: "MI210MC.m:47-88, MI250MC.m (CDNA2: binary32 RNE pairwise tree, FTZ); [?] no AMD data"),
            amd(["mi250x-bf16", "mi210-bf16", "mi250-bf16"], b, k: 4, frac: 0, structure: .pairwise, ftz: true, prdLimit: true,
                note: "MI210MC.m:47-88, MI250MC.m; [?] no AMD data"),
            amd(["mi300x-fp16", "mi300a-fp16"], h, k: 8, frac: 24, structure: .lateC, ftz: false, prdLimit: true,
                note: "MI300MC.m at 122c221:51-96 (CDNA3: C added late with round-down alignment); [?] no AMD data, model deleted at HEAD"),
            amd(["mi300x-bf16", "mi300a-bf16"], b, k: 8, frac: 24, structure: .lateC, ftz: false, prdLimit: true,
                note: "MI300MC.m at 122c221:51-96; [?] no AMD data"),
            amd(["mi300x-tf32", "mi300a-tf32"], t, k: 4, frac: 24, structure: .lateC, ftz: false, prdLimit: true,
                note: "MI300MC.m at 122c221:95-96; [?] no AMD data"),
            amd(["mi300x-fp8-e4m3fnuz", "mi300a-fp8-e4m3fnuz"], .e4m3fnuz, k: 16, frac: 24, structure: .oddEven, ftz: false, prdLimit: true,
                note: "MI300MC.m at 122c221:98-102 (odd/even halves); [?] no AMD data"),
            amd(["mi300x-fp8-e5m2fnuz", "mi300a-fp8-e5m2fnuz"], .e5m2fnuz, k: 16, frac: 24, structure: .oddEven, ftz: false, prdLimit: true,
                note: "MI300MC.m at 122c221:98-102 (odd/even halves); [?] no AMD data"),
        ]
        // DeepGEMM / DeepSeek-V3 FP8 GEMM: H100 fp8 MMA with promotion to binary32 CUDA-core
        // registers every 128 products (DSV3 §3.5.2, N_C = 128).
        for (name, base) in [("deepgemm-h100-fp8-e4m3", "h100-fp8-e4m3"), ("deepgemm-h100-fp8-e5m2", "h100-fp8-e5m2")] {
            var m = r.first { $0.names[0] == base }!.model
            m.name = name
            m.promotionInterval = 128
            m.promotionFormat = .binary32
            m.note = "h100-fp8 model, promoted to a binary32 accumulator every 128 products (DSV3 §3.5.2; DeepGEMM)"
            r.append(Row(names: [name], model: m))
        }
        // The exact reference: the exact dot product plus C, rounded once (nearest-even).
        for (label, f) in [("fp16", h), ("bf16", b), ("tf32", t), ("fp8-e4m3", e4), ("fp8-e5m2", e5),
                           ("fp8-e4m3fnuz", FloatFormat.e4m3fnuz), ("fp8-e5m2fnuz", FloatFormat.e5m2fnuz)] {
            r.append(Row(names: ["exact-\(label)"], model: try! MatrixUnitModel(
                name: "exact-\(label)", inputA: f, inputC: .binary32, output: .binary32, blockSize: 0,
                alignmentFractionBits: 0, structure: .exact, finalRounding: .nearestEven,
                note: "reference: exact dot product and C, one nearest-even rounding to binary32")))
        }
        return r
    }()

    /// Every preset, in the order of MATRIX-UNITS.md §2 (aliases not repeated).
    public static let presets: [MatrixUnitModel] = rows.map(\.model)

    /// The names each preset answers to (its own name first).
    public static let presetNames: [String: [String]] = Dictionary(uniqueKeysWithValues: rows.map { ($0.names[0], $0.names) })

    /// The preset called `name` (case-insensitive; aliases such as `a30-fp16` accepted).
    /// - Throws: ``MatrixUnitError/unknownUnit(_:)``.
    public static func preset(named name: String) throws -> MatrixUnitModel {
        let key = name.lowercased().trimmingCharacters(in: " \t")
        guard let row = rows.first(where: { $0.names.contains(key) }) else { throw MatrixUnitError.unknownUnit(name) }
        return row.model
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
