import CMPFR

/// Facts about the GNU MPFR library the process is linked with, read at run time.
public enum MPFRBuild {
    /// MPFR's version string (`mpfr_get_version()`), e.g. "4.2.0".
    public static var version: String { String(cString: mpfr_get_version()) }

    /// Whether MPFR was built thread-safe (`mpfr_buildopt_tls_p()`: its exponent range,
    /// caches and flags are thread-local). The verifier changes the exponent range on
    /// every reference evaluation, so without TLS it must run on one thread.
    public static var isThreadSafe: Bool { mpfr_buildopt_tls_p() != 0 }

    /// The number of worker threads the verifier may use for a request of `requested`
    /// threads, and a note explaining a reduction (nil when none).
    public static func workerThreads(requested: Int) -> (threads: Int, note: String?) {
        let requested = max(1, requested)
        if requested > 1 && !isThreadSafe {
            return (1, "MPFR \(version) is not built thread-safe (mpfr_buildopt_tls_p() = 0): running on 1 thread instead of \(requested)")
        }
        return (requested, nil)
    }
}

/// The version of the library reported in verification results.
public enum SwiftChopVersion {
    /// The library's version (its release line; results also carry MPFR's version).
    public static let current = "SwiftChop 0.9-dev"
}
