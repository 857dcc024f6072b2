import Dispatch

/// Runs `body(i)` for every `i` in `0..<count`, spread over up to `workers` threads.
///
/// The package's one parallel loop: the arrays, the quantizers, the verifier, the
/// matrix units and the layers' ensembles all use it. Iteration `i` must write only
/// to memory no other iteration touches; results must not depend on which thread ran
/// an iteration (give each iteration its own random stream, derived from a seed and
/// `i`, never from the thread).
///
/// Contiguous runs of iterations go to each worker, so `body` sees neighbouring
/// indices on one thread. With `workers` ≤ 1 (or `count` ≤ 1) everything runs on the
/// calling thread, in order.
///
/// - Parameters:
///   - count: the number of iterations (nothing happens for `count` ≤ 0).
///   - workers: the number of threads; `nil` uses ``ProcessorCount/active``.
///   - body: the work of one iteration.
public func parallelFor(_ count: Int, workers: Int? = nil, _ body: @Sendable (Int) -> Void) {
    guard count > 0 else { return }
    let threads = min(count, max(1, workers ?? ProcessorCount.active))
    if threads == 1 {
        for i in 0..<count { body(i) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: threads) { worker in
        let first = count * worker / threads
        let last = count * (worker + 1) / threads
        for i in first..<last { body(i) }
    }
}
