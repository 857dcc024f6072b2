import Foundation

/// The number of active processor cores (at least 1).
enum ProcessInfoCores {
    static var count: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
