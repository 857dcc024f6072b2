/// How a block's shared scale is chosen from the block's largest magnitude `amax`.
///
/// With `max_elem` the largest element magnitude and `emax_elem` its exponent:
/// - ``ocp``: `2^(⌊log₂ amax⌋ − emax_elem)`, the OCP MX v1.0 rule. The block maximum
///   lands in the element format's top binade, so it can exceed `max_elem` and be
///   clipped: by up to 25% for E2M1 (amax/X ∈ [4, 8), max 6) and 12.5% for E4M3FN
///   ([256, 512), max 448).
/// - ``roundUp``: `2^⌈log₂(amax / max_elem)⌉`, the smallest power of two with
///   `amax / X ≤ max_elem` (NVIDIA's RCEIL): nothing is clipped, at the cost of up to one
///   binade of resolution.
/// - ``ratio``: `amax / max_elem` rounded to nearest-even in the scale format (for
///   scale formats with significand bits: E4M3, UE5M3, …). This is NVFP4's block rule;
///   rounding down can clip the block maximum by up to half an ulp of the scale.
/// - ``ratioRoundUp``: `amax / max_elem` rounded toward +∞ in the scale format: never
///   clips.
///
/// Power-of-two scales outside the scale format's range are clamped to its smallest
/// power of two below, and make the block NaN above (or saturate where the scale
/// format has no NaN). A block whose `amax` is 0 gets the smallest scale. With a
/// two-level (tensor) scale, `amax` is first multiplied by the tensor's encode scale
/// (see ``BlockFormat/tensorScale``).
public enum ScaleRule: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// `2^(⌊log₂ amax⌋ − emax_elem)` (OCP MX v1.0); can clip the block maximum.
    case ocp
    /// `2^⌈log₂(amax / max_elem)⌉` (NVIDIA's RCEIL); never clips.
    case roundUp = "round-up"
    /// `amax / max_elem` rounded to nearest-even in the scale format (NVFP4).
    case ratio
    /// `amax / max_elem` rounded toward +∞ in the scale format; never clips.
    case ratioRoundUp = "ratio-up"

    /// Parses `ocp`, `round-up` (also `rceil`), `ratio`, `ratio-up`.
    /// - Throws: ``QuantizationError/unknownScaleRule(_:)``.
    public init(named name: String) throws {
        switch name.lowercased() {
        case "ocp", "floor": self = .ocp
        case "round-up", "roundup", "rceil", "ceil": self = .roundUp
        case "ratio", "nearest": self = .ratio
        case "ratio-up": self = .ratioRoundUp
        default: throw QuantizationError.unknownScaleRule(name)
        }
    }

    /// The rule's name as init(named:) reads it.
    public var description: String { rawValue }

    /// Whether the rule yields powers of two.
    public var isPowerOfTwo: Bool { self == .ocp || self == .roundUp }
}
