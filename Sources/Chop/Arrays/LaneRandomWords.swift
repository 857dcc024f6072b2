/// Four xoshiro256** generators stepped together, one per SIMD lane.
///
/// Lane *j* of the generator for chunk *c* is exactly
/// `Xoshiro256StarStar(seed: seed, stream: 4·c + j)`; one call to ``next()`` advances
/// all four lanes once. Element *i* of a chunk takes lane `i % 4` at step `i / 4`.
struct LaneRandomWords {
    var s0, s1, s2, s3: SIMD4<UInt64>

    init(seed: UInt64, chunk: UInt64) {
        var states = [Xoshiro256StarStar]()
        for lane in 0..<UInt64(4) {
            states.append(Xoshiro256StarStar(seed: seed, stream: chunk &* 4 &+ lane))
        }
        s0 = SIMD4(states.map(\.s0))
        s1 = SIMD4(states.map(\.s1))
        s2 = SIMD4(states.map(\.s2))
        s3 = SIMD4(states.map(\.s3))
    }

    @inline(__always)
    mutating func next() -> SIMD4<UInt64> {
        // xoshiro256**: rotl(s1·5, 7)·9; the multiplications by 5 and 9 are written
        // as shifts and adds (AVX2 has no 64-bit vector multiply).
        let times5 = s1 &+ (s1 &<< 2)
        // Rotations are written with &+ (the halves share no bits): LLVM scalarises
        // the `|` form of a 64-bit vector rotate on AVX2.
        let rotated = (times5 &<< 7) &+ (times5 &>> 57)
        let result = rotated &+ (rotated &<< 3)
        let t = s1 &<< 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 &<< 45) &+ (s3 &>> 19)
        return result
    }
}
