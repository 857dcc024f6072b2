import Foundation
import ScalingLaws
import Chop

/// Synthetic runs generated from a law with known constants and multiplicative
/// log-normal noise (seeded), for recovery tests.
enum SyntheticData {
    static func make(_ law: ScalingLaw, constants: [String: Double], points: [[Double]],
                     noise: Double, seed: UInt64) throws -> ScalingDataset {
        var rng = SplitMix64(seed: seed)
        let p = try law.parameterVector(constants)
        let response = points.map { x in law.evaluate(parameters: p, variables: x) * exp(noise * rng.nextGaussian()) }
        return try ScalingDataset(law: law, rows: points, response: response)
    }

    static let modelSizes: [Double] = [4.4e7, 1.1e8, 2.8e8, 7e8, 1.7e9, 4.2e9, 1e10]
    static let tokenCounts: [Double] = [5e9, 1.5e10, 4e10, 1e11, 3e11, 8e11]

    static var chinchillaDesign: [[Double]] {
        modelSizes.flatMap { n in tokenCounts.map { [n, $0] } }
    }

    /// N × D × (E, M) × B, 280 runs: like the paper's sweep, formats from E1M2 to E5M2
    /// and block sizes from 32 to channel-wise.
    static var fpQuantDesign: [[Double]] {
        let formats: [(Double, Double)] = [(1, 2), (2, 1), (2, 3), (3, 2), (4, 3), (5, 2), (3, 0)]
        let blocks: [Double] = [32, 512, 9130]
        var out: [[Double]] = []
        for (i, n) in [4.1e7, 1.5e8, 6.8e8, 1.2e9].enumerated() {
            for d in [1e10, 2e10, 5e10, 1e11] {
                for (j, f) in formats.enumerated() {
                    for (k, b) in blocks.enumerated() where (i + j + k) % 2 == 0 || k == 1 {
                        out.append([n, d, f.0, f.1, b])
                    }
                }
            }
        }
        return out
    }
}
