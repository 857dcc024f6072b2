/// A blockwise, optionally randomised, orthonormal Hadamard rotation, applied before
/// quantization to spread outliers across a block and undone after dequantization.
///
/// Each run of ``blockSize`` consecutive values (along a matrix row) is mapped to
/// `y = H·D·x / √n`, where `H` is the n×n Sylvester–Hadamard matrix (n a power of two)
/// and `D` a diagonal of ±1 signs (all +1 when not randomised, otherwise drawn from the
/// seed and shared by every block). The rotation is orthogonal, so the inverse is
/// `x = D·H·y / √n`. The arithmetic is binary64 (a fast Walsh–Hadamard transform);
/// forward then inverse reproduces the input to within a few ulps, exactly when n is a
/// power of four.
///
/// NaN or ±∞ in a block spread to the whole block, as in any linear transform.
public struct HadamardRotation: Hashable, Sendable {
    /// The block length, a power of two.
    public let blockSize: Int
    /// The ±1 signs of `D` (length ``blockSize``).
    public let signs: [Double]

    /// - Parameters:
    ///   - blockSize: a power of two, 1…2²⁰.
    ///   - seed: draws the random signs; `nil` gives the plain Hadamard transform.
    /// - Throws: ``QuantizationError/invalidParameter(_:)`` for a block size that is not
    ///   a power of two.
    public init(blockSize: Int, seed: UInt64? = nil) throws {
        guard blockSize >= 1, blockSize <= 1 << 20, blockSize & (blockSize - 1) == 0 else {
            throw QuantizationError.invalidParameter("Hadamard block size must be a power of two, got \(blockSize)")
        }
        self.blockSize = blockSize
        if let seed {
            var generator = Xoshiro256StarStar(seed: seed, stream: 0x4861_6461)
            signs = (0..<blockSize).map { _ in generator.next() >> 63 == 0 ? 1.0 : -1.0 }
        } else {
            signs = [Double](repeating: 1, count: blockSize)
        }
    }

    /// Rotates every block of `values` in place.
    /// - Throws: ``QuantizationError/shapeMismatch(_:)`` when the count is not a multiple
    ///   of ``blockSize``.
    public func forward(_ values: inout [Double]) throws {
        try apply(&values, inverse: false)
    }

    /// Undoes ``forward(_:)`` in place.
    /// - Throws: ``QuantizationError/shapeMismatch(_:)`` when the count is not a multiple
    ///   of ``blockSize``.
    public func inverse(_ values: inout [Double]) throws {
        try apply(&values, inverse: true)
    }

    private func apply(_ values: inout [Double], inverse: Bool) throws {
        let n = blockSize
        guard values.count % n == 0 else {
            throw QuantizationError.shapeMismatch("\(values.count) values do not split into Hadamard blocks of \(n)")
        }
        let norm = 1 / Double(n).squareRoot()
        values.withUnsafeMutableBufferPointer { buffer in
            for start in stride(from: 0, to: buffer.count, by: n) {
                let block = UnsafeMutableBufferPointer(rebasing: buffer[start..<(start + n)])
                if !inverse { for i in 0..<n { block[i] *= signs[i] } }
                var h = 1
                while h < n {
                    for i in stride(from: 0, to: n, by: 2 * h) {
                        for j in i..<(i + h) {
                            let a = block[j], b = block[j + h]
                            block[j] = a + b
                            block[j + h] = a - b
                        }
                    }
                    h *= 2
                }
                for i in 0..<n { block[i] *= inverse ? norm * signs[i] : norm }
            }
        }
    }
}
