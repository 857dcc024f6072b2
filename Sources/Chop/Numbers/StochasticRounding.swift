#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// The random source of stochastically rounding typed floats (``Emulated`` and
/// ``FixedPoint`` types whose mode is ``Rounding/Stochastic`` and the like).
///
/// A typed float has no argument for random bits, so its operations draw from the
/// *current stream*:
///
/// - **By default** each thread has its own stream, seeded on the thread's first
///   stochastic operation from a per-process random seed and a per-thread counter,
///   so concurrent workers never draw the same words. Such runs are not reproducible.
/// - **Inside ``withSeed(_:stream:_:)-808dr``** the current stream is
///   `Xoshiro256StarStar(seed: seed, stream: stream)` for the body (which runs on the
///   calling thread): the same seed gives the same results.
/// - **Inside the async ``withSeed(_:stream:_:)-8brqm``** the body runs on
///   an executor of its own that makes the seeded stream current whenever the task
///   runs, on whatever thread, so a seeded task reproduces across `await`s.
///
/// Only stochastic rounding reads the stream; the format and the mode are always the
/// type's. The stream is per thread (a POSIX thread-specific pointer to that thread's
/// own generator) and is never shared, so it needs no lock.
///
/// Work spread over threads or child tasks reproduces when each work item opens its
/// own seeded scope, with the item's index as the stream — the result then depends
/// on neither the thread count nor the scheduling:
///
/// ```swift
/// parallelFor(items) { i in
///     results[i] = StochasticRounding.withSeed(42, stream: UInt64(i)) { simulate(StochasticBFloat16.self) }
/// }
/// ```
/// Threads started inside a scope (and child tasks that run concurrently with it)
/// do not inherit the seeded stream: they use their own thread's default stream.
public enum StochasticRounding {
    /// Runs `body` with `Xoshiro256StarStar(seed: seed, stream: stream)` as the calling
    /// thread's current stream, then restores the previous one (also when `body`
    /// throws). Scopes nest; the enclosing stream continues where it was.
    @inlinable
    public static func withSeed<R>(_ seed: UInt64, stream: UInt64 = 0, _ body: () throws -> R) rethrows -> R {
        var generator = Xoshiro256StarStar(seed: seed, stream: stream)
        return try withUnsafeMutablePointer(to: &generator) { pointer in
            let slot = ThreadStream.slot()
            let saved = slot.pointee.current
            slot.pointee.current = pointer
            defer { slot.pointee.current = saved }
            return try body()
        }
    }

    /// Runs the async `body` with `Xoshiro256StarStar(seed: seed, stream: stream)` as
    /// its current stream, across suspension points: the body runs on a serial
    /// executor of its own (a task executor preference) that installs the stream
    /// around every job of the task.
    ///
    /// Structured child tasks of the body run on the same serial executor and share
    /// the stream (in scheduling order, so not reproducibly): give each its own
    /// `withSeed` scope. Code isolated to an actor with its own executor (such as the
    /// main actor) runs there and uses that thread's stream.
    public static func withSeed<R: Sendable>(
        _ seed: UInt64, stream: UInt64 = 0, _ body: @Sendable () async throws -> R
    ) async rethrows -> R {
        let executor = SeededExecutor(generator: Xoshiro256StarStar(seed: seed, stream: stream))
        return try await withTaskExecutorPreference(executor) { try await body() }
    }

    /// Calls `body` with the calling thread's current stream.
    @inlinable @inline(__always)
    public static func withCurrentGenerator<R>(_ body: (inout Xoshiro256StarStar) throws -> R) rethrows -> R {
        try body(&ThreadStream.slot().pointee.current.pointee)
    }
}

/// One thread's streams: its own default generator and a pointer to the current one
/// (the default, or a seeded scope's).
@usableFromInline
struct ThreadStream {
    @usableFromInline var current: UnsafeMutablePointer<Xoshiro256StarStar>
    let own: UnsafeMutablePointer<Xoshiro256StarStar>

    /// The POSIX key of the per-thread slot; the destructor frees a thread's slot.
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { raw in
            guard let raw else { return }
            let slot = raw.assumingMemoryBound(to: ThreadStream.self)
            slot.pointee.own.deallocate()
            slot.deallocate()
        }
        precondition(status == 0, "pthread_key_create failed (\(status))")
        return key
    }()

    /// Distinct default streams for distinct threads of one process.
    static let processSeed: UInt64 = {
        var system = SystemRandomNumberGenerator()
        return system.next()
    }()
    static let threadCounter = Atomic<UInt64>(0)

    /// The calling thread's slot, created on first use.
    @usableFromInline @inline(__always)
    static func slot() -> UnsafeMutablePointer<ThreadStream> {
        if let raw = pthread_getspecific(key) { return raw.assumingMemoryBound(to: ThreadStream.self) }
        return makeSlot()
    }

    @usableFromInline @inline(never)
    static func makeSlot() -> UnsafeMutablePointer<ThreadStream> {
        let index = threadCounter.add(1, ordering: .relaxed).newValue
        let own = UnsafeMutablePointer<Xoshiro256StarStar>.allocate(capacity: 1)
        own.initialize(to: Xoshiro256StarStar(seed: processSeed, stream: index))
        let slot = UnsafeMutablePointer<ThreadStream>.allocate(capacity: 1)
        slot.initialize(to: ThreadStream(current: own, own: own))
        pthread_setspecific(key, slot)
        return slot
    }
}

/// The serial task executor of an async seeded scope: it makes its generator the
/// current stream of whichever thread runs one of its jobs, for that job only.
final class SeededExecutor: TaskExecutor, @unchecked Sendable {
    // Safety: `generator` is only touched by jobs, which the serial queue runs one at
    // a time; the storage lives as long as the executor, which every enqueued job
    // keeps alive.
    private let generator: UnsafeMutablePointer<Xoshiro256StarStar>
    private let queue = DispatchQueue(label: "swiftchop.seeded-stream")

    init(generator: Xoshiro256StarStar) {
        self.generator = .allocate(capacity: 1)
        self.generator.initialize(to: generator)
    }

    deinit { generator.deallocate() }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { [self] in
            let slot = ThreadStream.slot()
            let saved = slot.pointee.current
            slot.pointee.current = generator
            job.runSynchronously(on: asUnownedTaskExecutor())
            slot.pointee.current = saved
        }
    }
}
