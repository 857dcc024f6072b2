#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number of online processors (at least 1), without importing Foundation into
/// the core. The array routines, the quantizers and the layers' ensembles size their
/// worker pools with it.
public enum ProcessorCount {
    /// The number of processors currently online, at least 1 (also when the system
    /// cannot tell).
    public static var active: Int {
        #if canImport(Glibc) || canImport(Darwin)
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? Int(n) : 1
        #else
        return 1
        #endif
    }
}
