#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number of online processors, without importing Foundation into the core.
enum ProcessInfoShim {
    static var activeProcessorCount: Int {
        #if canImport(Glibc) || canImport(Darwin)
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
        #else
        return 1
        #endif
    }
}
