#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-thread settings of emulated arithmetic: the random generator of the
/// stochastic modes, a rounding-mode override, and the format of
/// ``Emulated``<``ScopedFormat``>.
///
/// Every thread has its own state, created on first use with
/// `Xoshiro256StarStar(seed: 0)`, no mode override and the format ``FloatFormat/binary64``.
/// Nothing is shared between threads, so stochastic rounding needs no locks and a
/// single-threaded run reproduces exactly; give each worker thread its own seed (or
/// stream) with ``with(format:mode:seed:stream:_:)`` to reproduce a parallel run.
///
/// ```swift
/// // Round every operation of this block to 10 significand bits, stochastically,
/// // reproducibly:
/// let sum = EmulationScope.with(format: try FloatFormat(exponentBits: 11, significandBits: 9),
///                               mode: .stochastic(), seed: 42) {
///     xs.reduce(Emulated<ScopedFormat>(0)) { $0 + Emulated<ScopedFormat>($1) }
/// }
/// // Override the mode (and seed) of the statically typed formats too:
/// EmulationScope.with(mode: .towardZero) { BFloat16(1) / BFloat16(3) }
/// ```
public enum EmulationScope {
    /// Runs `body` with this thread's emulation settings changed, then restores them
    /// (also when `body` throws).
    ///
    /// - Parameters:
    ///   - format: the format of ``Emulated``<``ScopedFormat``> inside the scope
    ///     (`nil`: unchanged).
    ///   - mode: a rounding mode that overrides the mode of every emulated type on this
    ///     thread inside the scope (`nil`: unchanged; the types use their own mode).
    ///   - seed: reseeds this thread's generator with
    ///     `Xoshiro256StarStar(seed: seed, stream: stream)` for the scope (`nil`: the
    ///     generator continues). The generator state of the enclosing scope is
    ///     restored afterwards, so a seeded scope does not perturb the random stream
    ///     around it.
    ///   - stream: selects an independent stream for the same seed (for example the
    ///     index of a worker thread).
    @inlinable
    public static func with<R>(
        format: FloatFormat? = nil, mode: RoundingMode? = nil, seed: UInt64? = nil, stream: UInt64 = 0,
        _ body: () throws -> R
    ) rethrows -> R {
        let state = EmulationThreadState.current
        let saved = (state.format, state.modeOverride, state.generator)
        if let format { state.format = format }
        if let mode { state.modeOverride = mode }
        if let seed { state.generator = Xoshiro256StarStar(seed: seed, stream: stream) }
        defer {
            state.format = saved.0
            state.modeOverride = saved.1
            if seed != nil { state.generator = saved.2 }
        }
        return try body()
    }

    /// Reseeds this thread's generator (outside or inside a scope; a scope restores
    /// its enclosing generator state on exit).
    public static func seed(_ seed: UInt64, stream: UInt64 = 0) {
        EmulationThreadState.current.generator = Xoshiro256StarStar(seed: seed, stream: stream)
    }

    /// The format of ``Emulated``<``ScopedFormat``> on this thread now
    /// (``FloatFormat/binary64`` outside any scope that sets one).
    @inlinable public static var currentFormat: FloatFormat { EmulationThreadState.current.format }

    /// The rounding-mode override in effect on this thread, if any.
    @inlinable public static var modeOverride: RoundingMode? { EmulationThreadState.current.modeOverride }

    /// Draws from this thread's generator (the one stochastic rounding uses).
    @inlinable
    public static func withGenerator<R>(_ body: (inout Xoshiro256StarStar) throws -> R) rethrows -> R {
        try body(&EmulationThreadState.current.generator)
    }
}

/// One thread's emulation state, reached through a POSIX thread-specific key.
@usableFromInline
final class EmulationThreadState {
    @exclusivity(unchecked) @usableFromInline var generator = Xoshiro256StarStar(seed: 0)
    @exclusivity(unchecked) @usableFromInline var modeOverride: RoundingMode? = nil
    @exclusivity(unchecked) @usableFromInline var format = FloatFormat.binary64

    @usableFromInline init() {}

    /// The calling thread's state, created on first use and released when the thread
    /// exits.
    @inlinable
    static var current: EmulationThreadState {
        @inline(__always) get {
            if let p = pthread_getspecific(threadKey.key) {
                return Unmanaged<EmulationThreadState>.fromOpaque(p).takeUnretainedValue()
            }
            return makeCurrent()
        }
    }

    /// Runs `body` with the calling thread's state without retaining it (the thread
    /// keeps it alive).
    @inlinable @inline(__always)
    static func withCurrent<R>(_ body: (EmulationThreadState) -> R) -> R {
        guard let p = pthread_getspecific(threadKey.key) else { return body(makeCurrent()) }
        return Unmanaged<EmulationThreadState>.fromOpaque(p)._withUnsafeGuaranteedRef(body)
    }

    @usableFromInline
    static func makeCurrent() -> EmulationThreadState {
        let state = EmulationThreadState()
        pthread_setspecific(threadKey.key, Unmanaged.passRetained(state).toOpaque())
        return state
    }
}

/// The process-wide key (created once, immutable afterwards).
@usableFromInline
struct ThreadKey: @unchecked Sendable {
    @usableFromInline let key: pthread_key_t
    init() {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            #if canImport(Darwin)
            Unmanaged<EmulationThreadState>.fromOpaque(pointer).release()
            #else
            if let pointer { Unmanaged<EmulationThreadState>.fromOpaque(pointer).release() }
            #endif
        }
        precondition(status == 0, "pthread_key_create failed (\(status))")
        self.key = key
    }
}

@usableFromInline let threadKey = ThreadKey()

/// A format taken from the calling thread's ``EmulationScope`` at each operation, for
/// formats chosen at run time (a format named on the command line, "p significand
/// bits with binary64's exponent range", …).
///
/// Values are stored as their binary64 bit pattern (`UInt64`), so a value keeps its
/// meaning when the scope changes; each operation rounds its exact result to the
/// format in effect at that moment (``FloatFormat/binary64`` outside any scope).
public enum ScopedFormat: EmulatedFormatSpec {
    public typealias Storage = UInt64
    @inlinable public static var format: FloatFormat { EmulationThreadState.current.format }
    @inlinable public static func encode(_ value: Double) -> UInt64 { value.bitPattern }
    @inlinable public static func decode(_ bits: UInt64) -> Double { Double(bitPattern: bits) }
}


/// The mode of the calling thread's ``EmulationScope`` (nearest-even outside one).
public enum ScopedMode: RoundingModeSpec {
    @inlinable public static var mode: RoundingMode { EmulationThreadState.current.modeOverride ?? .nearestEven }
}
