import Chop

/// The arithmetic of one matrix unit (an NVIDIA tensor core or an AMD matrix core)
/// computing `D = A·B + C`, described as plain data.
///
/// The unit splits the reduction dimension K into blocks of ``blockSize`` products and
/// computes each block as one *block fused multiply-add* (block FMA): the products are
/// exact, the terms are aligned to the largest exponent, bits shifted out past
/// ``alignmentFractionBits`` are dropped (or gathered into a sticky bit), the aligned
/// integers are summed exactly with no normalisation inside the block, and the sum is
/// rounded once into ``output`` with ``finalRounding``. The rounded result of a block
/// is the C of the next block along K (``Structure`` lists the structural variants).
///
/// Sources (abbreviations used in the doc comments, all listed in <doc:MatrixUnitModels>):
/// - **FH**: Fasi, Higham, Mikaitis & Pranesh, "Numerical behavior of NVIDIA tensor
///   cores", PeerJ Comput. Sci. 7:e330 (2021), and its probes
///   (`north-numerical-computing/tensor-cores-numerical-behavior`).
/// - **MT**: Khattak & Mikaitis, "Accurate Models of NVIDIA Tensor Cores" (arXiv
///   2512.07004) and `north-numerical-computing/MATLAB-tensor-core`:
///   `models/tools/Generic_BFMA_TC.m` (**G**), `models/tools/GEMM.m` (**GM**), the
///   per-device `models/*TC.m` / `*MC.m` files and the GPU-measured `model_validation/`.
/// - **DSV3**: DeepSeek-V3 technical report §3.5.2 (FP8 GEMM accumulation on H800).
/// - **HP**: `faiziktk/IEEE_HPEC2025_block_FMA_tests` (A30 probes).
/// - **BHM**: Blanchard, Higham, Lopez, Mary & Pranesh, "Mixed precision block fused
///   multiply-add: error analysis and application to GPU tensor cores", SISC 42 (2020).
public struct MatrixUnitModel: Hashable, Sendable, CustomStringConvertible {
    /// How the terms of one block are combined.
    public enum Structure: String, Hashable, Sendable, CaseIterable {
        /// NVIDIA Volta…Blackwell: the products and C are aligned together to the
        /// largest exponent, truncated to F fraction bits, summed exactly and rounded
        /// once (G:1070-1129, FH §3, BHM Alg. 3.1).
        case global
        /// AMD CDNA3 fp16/bf16/tf32: the products alone are aligned and summed; C is
        /// added afterwards, the smaller of the two operands being aligned with
        /// round-down (toward −∞), 7 extra bits when the product sum is the smaller one
        /// (G:194-220, 516-585, MI300MC.m at 122c221). **[?]** no GPU data.
        case lateC = "late_c"
        /// AMD CDNA3 fp8: even- and odd-indexed products are aligned and summed
        /// separately, joined with round-down alignment, then C as in ``lateC``
        /// (G:226-263). **[?]** no GPU data.
        case oddEven = "odd_even"
        /// AMD CDNA2: every product rounded to binary32, a binary32 round-to-nearest
        /// pairwise tree ((p0+p1)+(p2+p3)), then C added with one more binary32
        /// rounding; subnormals flushed at every step (G:357-484, MI210MC.m).
        case pairwise
        /// AMD CDNA1, and the exact reference: the exact (Kulisch) sum of the block and
        /// C, rounded once (G:150-157, 619-682). With ``blockSize`` 0 the whole of K is
        /// one block: exact dot product plus C, rounded once.
        case exact
        /// B200 fp8 through `mma.sync`: the 32 products split into two halves of 16
        /// (index mod 4 < 2 first); each half is a ``global`` block (the first with C =
        /// 0, the second with the first's result as C), then the block's C is added in
        /// a separate binary32 round-to-nearest addition (GM at 5467425:103-114,
        /// 201-238). Fits 5000/5000 GPU rows for each fp8 format (MATRIX-UNITS.md §4).
        case split2CRN = "split2_c_rn"
    }

    /// What happens to the bits of a term shifted below the F kept fraction bits.
    public enum ShiftedBits: String, Hashable, Sendable, CaseIterable {
        /// Dropped: each term's magnitude is truncated (round toward zero, sign apart).
        /// Every NVIDIA preset (G: `stkbitenabled=0`; FH's truncation probe).
        case truncate
        /// One sticky bit below the F bits, set when any shifted-out bit is 1 (G's
        /// `stkbitenabled=1` path; no preset uses it).
        case sticky
    }

    /// A short name (the preset name, or `custom`).
    public var name: String
    /// The format the entries of A must hold (tf32 on A100 keeps the top 10 fraction
    /// bits of an fp32 operand: GM:40 converts toward zero; FH's tf32 probe).
    public var inputA: FloatFormat
    /// The format the entries of B must hold.
    public var inputB: FloatFormat
    /// The format the entries of C must hold (GM:34-35 rounds C to the output format;
    /// for the 13-bit fp8 accumulators of Ada/H100, C is a binary32 value whose low bits
    /// the first block truncates, as MATRIX-UNITS.md §3 "FP8, H100/Ada" shows).
    public var inputC: FloatFormat
    /// The format of D and of the value carried between blocks: binary32, binary16, or
    /// the 13-fraction-bit binary32-range format of Ada/H100 fp8 (GM:105-109; DSV3
    /// "only uses the highest 14 bits"; SageAttention2's "FP22" e8m13).
    public var output: FloatFormat
    /// Products per block FMA: 4 (V100 fp16, A100 tf32), 8 (A100 fp16/bf16), 16 (H100
    /// fp16/bf16), 32 (H100 fp8) — the `*TC.m` models, confirmed by MT's GPU data and
    /// HP's A30 probes. 0 means the whole of K is one block (only with ``Structure/exact``).
    public var blockSize: Int
    /// F, the fraction bits kept below 2^E when a term is aligned (23 + `neab` in G):
    /// 23 on V100 (FH: no extra bit), 24 on A100/Ada (one extra bit, FH and HP), 25 on
    /// H100/B200 (two extra bits, MT), 13 for fp8 on Ada/H100 (`neab` = −10, MT; DSV3).
    public var alignmentFractionBits: Int
    /// What happens to the shifted-out bits.
    public var shiftedBits: ShiftedBits
    /// How a block is combined (NVIDIA: ``Structure/global``).
    public var structure: Structure
    /// The rounding of the block sum into ``output``: toward zero for binary32 output on
    /// NVIDIA (FH's truncation finding), nearest-even for binary16 output and on AMD.
    public var finalRounding: RoundingMode
    /// Subnormal entries of A and B count as zero (G:63-71 `in_subnormals=0`; CDNA2).
    public var flushSubnormalInputs: Bool
    /// A subnormal C at block entry and a subnormal block result become +0 (G:346-348
    /// `out_subnormals=0`; CDNA2).
    public var flushSubnormalOutputs: Bool
    /// The alignment exponent E is raised to this value when lower (G:1098-1105
    /// `min_exp_limit`; −132 on A100, −133 on H100, −19/−20/−21 for binary16 output).
    /// `nil`: no limit.
    public var minimumExponent: Int?
    /// A product with |a·b| ≥ 2^128 makes the block ±∞ (G:97-101 `prd_limit`; AMD
    /// CDNA2/CDNA3). The source returns +∞ whatever the sign; this model keeps the sign.
    public var productLimit: Bool
    /// When set, every `promotionInterval` products (a multiple of the block size) the
    /// unit's partial result, accumulated from 0, is added to an accumulator in
    /// ``promotionFormat`` with one nearest-even rounding, and the unit restarts from 0;
    /// C initialises that accumulator and D is its final value. DeepSeek-V3 §3.5.2 and
    /// DeepGEMM promote to binary32 CUDA-core registers every 128 products (N_C = 128).
    public var promotionInterval: Int?
    /// The accumulator of the promotion (binary32 in DeepGEMM; binary64 allowed).
    public var promotionFormat: FloatFormat
    /// A free-text note on the source and on uncertain parameters (printed by
    /// `chop gemm --list-units`).
    public var note: String

    /// Creates a model, validating it.
    ///
    /// - Throws: ``MatrixUnitError/invalidModel(_:)`` for parameters outside what the
    ///   emulator supports: input formats with more than 8 exponent bits or 23 stored
    ///   significand bits, a block size outside 1...1024 (0 only for ``Structure/exact``),
    ///   F outside 0...48, a promotion interval that is not a positive multiple of the
    ///   block size, or an output format wider than binary32 (binary64 is allowed as
    ///   output only for ``Structure/exact``).
    public init(
        name: String = "custom",
        inputA: FloatFormat, inputB: FloatFormat? = nil, inputC: FloatFormat? = nil,
        output: FloatFormat = .binary32,
        blockSize: Int, alignmentFractionBits: Int,
        shiftedBits: ShiftedBits = .truncate, structure: Structure = .global,
        finalRounding: RoundingMode = .towardZero,
        flushSubnormalInputs: Bool = false, flushSubnormalOutputs: Bool = false,
        minimumExponent: Int? = nil, productLimit: Bool = false,
        promotionInterval: Int? = nil, promotionFormat: FloatFormat = .binary32,
        note: String = ""
    ) throws {
        self.name = name
        self.inputA = inputA
        self.inputB = inputB ?? inputA
        self.output = output
        self.inputC = inputC ?? Self.defaultCFormat(output: output)
        self.blockSize = blockSize
        self.alignmentFractionBits = alignmentFractionBits
        self.shiftedBits = shiftedBits
        self.structure = structure
        self.finalRounding = finalRounding
        self.flushSubnormalInputs = flushSubnormalInputs
        self.flushSubnormalOutputs = flushSubnormalOutputs
        self.minimumExponent = minimumExponent
        self.productLimit = productLimit
        self.promotionInterval = promotionInterval
        self.promotionFormat = promotionFormat
        self.note = note
        try validate()
    }

    /// Checks the parameters (see ``init(name:inputA:inputB:inputC:output:blockSize:alignmentFractionBits:shiftedBits:structure:finalRounding:flushSubnormalInputs:flushSubnormalOutputs:minimumExponent:productLimit:promotionInterval:promotionFormat:note:)``).
    public func validate() throws {
        func bad(_ m: String) -> MatrixUnitError { .invalidModel(m) }
        for (label, f) in [("a", inputA), ("b", inputB)] {
            guard f.exponentBits <= 8, f.significandBits <= 23, f.isSigned, f.hasZero else {
                throw bad("input format \(label)=\(f.name) is not supported (at most 8 exponent bits and 23 stored bits, signed)")
            }
        }
        for (label, f) in [("c", inputC), ("out", output)] {
            let wide = f.exponentBits > 8 || f.significandBits > 23
            guard f.isSigned, f.hasZero, !wide || (structure == .exact && label == "out") else {
                throw bad("format \(label)=\(f.name) is not supported (binary32 range and precision at most; out=binary64 only with structure=exact)")
            }
        }
        if structure == .exact {
            guard blockSize == 0 || (1...1024).contains(blockSize) else { throw bad("block size k=\(blockSize) must be 0 (all of K) or in 1...1024") }
        } else {
            guard (1...1024).contains(blockSize) else { throw bad("block size k=\(blockSize) must be in 1...1024") }
        }
        if structure == .split2CRN && blockSize % 4 != 0 {
            throw bad("structure=split2_c_rn needs a block size that is a multiple of 4, got k=\(blockSize)")
        }
        guard (0...48).contains(alignmentFractionBits) else {
            throw bad("alignment fraction bits frac=\(alignmentFractionBits) must be in 0...48")
        }
        if let limit = minimumExponent, !(-1100...1100).contains(limit) {
            throw bad("minimum exponent min_exp=\(limit) must be in -1100...1100")
        }
        if let n = promotionInterval {
            guard n > 0, blockSize > 0, n % blockSize == 0, n <= 1 << 24 else {
                throw bad("promotion interval promote=\(n) must be a positive multiple of the block size k=\(blockSize)")
            }
            guard promotionFormat.isSigned, promotionFormat.hasInfinity else {
                throw bad("promotion format \(promotionFormat.name) must be an IEEE-style format")
            }
        }
    }

    /// The default C format for an output format: the output itself, or binary32 when the
    /// output is wider (binary64 output of the exact reference).
    public static func defaultCFormat(output: FloatFormat) -> FloatFormat {
        output.exponentBits > 8 || output.significandBits > 23 ? .binary32 : output
    }

    /// The model as ``parameterString`` (`key=value,…`).
    public var description: String { parameterString }

    /// The parameters as `key=value,…` text, readable back by ``init(parameters:)``.
    public var parameterString: String {
        var items = [
            "a=\(inputA.name)", "b=\(inputB.name)", "c=\(inputC.name)", "out=\(output.name)",
            "k=\(blockSize)", "frac=\(alignmentFractionBits)", "shift=\(shiftedBits.rawValue)",
            "structure=\(structure.rawValue)", "round=\(finalRounding.name)",
            "ftz_in=\(flushSubnormalInputs ? 1 : 0)", "ftz_out=\(flushSubnormalOutputs ? 1 : 0)",
            "min_exp=\(minimumExponent.map(String.init) ?? "none")", "prd_limit=\(productLimit ? 1 : 0)",
        ]
        if let n = promotionInterval { items += ["promote=\(n)", "promote_format=\(promotionFormat.name)"] }
        return items.joined(separator: ",")
    }
}
