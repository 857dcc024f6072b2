import Chop

/// What one ensemble member produced.
public struct MemberRun: Sendable {
    /// Sampled values per diagnostic (same order as ``ClimateModel/diagnostics``).
    public var samples: [[Double]]
    /// Whether a deterministic run fell onto an exactly periodic orbit (a state
    /// repeated bit for bit after spin-up). Always false for stochastic runs and for
    /// models that do not look for cycles.
    public var periodic: Bool = false
    /// The period in time steps when ``periodic``.
    public var period: Int? = nil
    /// The final state (binary64 values of the working-precision state).
    public var finalState: [Double] = []

    /// A member's output: `samples` per diagnostic, and the cycle and final state when known.
    public init(samples: [[Double]], periodic: Bool = false, period: Int? = nil, finalState: [Double] = []) {
        self.samples = samples
        self.periodic = periodic
        self.period = period
        self.finalState = finalState
    }
}

/// A model whose climate can be tested: it draws binary64 initial conditions for any
/// ensemble member and runs a member in any ``ModelArithmetic``.
public protocol ClimateModel: Sendable {
    /// Short name (`lorenz`, `shallow-water`, `soil`).
    var name: String { get }
    /// Names of the diagnostics, in the order of ``MemberRun/samples``.
    var diagnostics: [String] { get }
    /// The sampled run length, in the model's time unit.
    var runLength: Double { get }
    /// The output interval, in the model's time unit.
    var outputInterval: Double { get }
    /// The time unit (`model time units`, `days`, `years`).
    var timeUnit: String { get }
    /// A binary64 initial state for a member; different `(ensemble, member)` pairs
    /// give different initial conditions (on the attractor where that applies).
    func initialState(seed: UInt64, ensemble: Int, member: Int) -> [Double]
    /// Runs one member from `state` (converted once to the working precision), every
    /// operation in `arithmetic`. `detectCycles` asks for exact-periodicity detection.
    func run<A: ModelArithmetic>(from state: [Double], arithmetic: inout A, detectCycles: Bool) -> MemberRun
    /// ``run(from:arithmetic:detectCycles:)`` in native binary64. (A concrete entry
    /// point, so that the model code is specialised for the arithmetic rather than run
    /// through generic witnesses.)
    func runBinary64(from state: [Double]) -> MemberRun
    /// ``run(from:arithmetic:detectCycles:)`` through the rounding kernel (concrete entry point).
    func runKernel(from state: [Double], arithmetic: inout RoundingContext, detectCycles: Bool) -> MemberRun
    /// The model with any state shared by all ensembles computed once (the shallow-water
    /// spun-up trajectory and its windows), for `ensembles` ensembles of `members`
    /// members; the default returns the model unchanged.
    func prepared(ensembles: Int, members: Int, seed: UInt64) -> Self
}

extension ClimateModel {
    public func prepared(ensembles: Int, members: Int, seed: UInt64) -> Self { self }
}

extension ClimateModel {
    /// A seed for the initial conditions of one member, independent across
    /// `(seed, ensemble, member)`.
    func memberSeed(_ seed: UInt64, _ ensemble: Int, _ member: Int) -> UInt64 {
        var g = SplitMix64(seed: seed ^ (UInt64(ensemble) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(member) &* 0xC2B2_AE3D_27D4_EB4F))
        _ = g.next()
        return g.next()
    }
}

/// A uniform double in [0, 1) from 53 random bits.
@inlinable func uniform01<G: RandomNumberGenerator>(_ g: inout G) -> Double {
    Double(g.next() >> 11) * 0x1p-53
}

/// A standard normal deviate (Box–Muller).
@inlinable func standardNormal<G: RandomNumberGenerator>(_ g: inout G) -> Double {
    let u1 = 1 - uniform01(&g), u2 = uniform01(&g)
    return (-2 * _logApprox(u1)).squareRoot() * _cos2pi(u2)
}

import RealModule
@inlinable func _logApprox(_ x: Double) -> Double { Double.log(x) }
@inlinable func _cos2pi(_ x: Double) -> Double { Double.cos(2 * Double.pi * x) }
