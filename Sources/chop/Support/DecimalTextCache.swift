/// The shortest round-trip decimal text of binary64 values (`Double.description`),
/// remembered for recently printed values: a low-precision result takes few distinct
/// values (bfloat16 has 65536), so a stream of results is mostly served from here
/// instead of running the float-to-text conversion for every line.
///
/// Direct-mapped: each value has one slot, chosen by a hash of its bit pattern; a
/// different value in that slot is replaced. The text is always exactly
/// `value.description` (NaN payloads and signs included: the key is the bit pattern).
final class DecimalTextCache {
    static let slotCount = 1 << 14
    /// Bytes per slot: the longest text (`-2.2250738585072014e-308`, 24 bytes) and its length.
    static let slotBytes = 32

    private let keys: UnsafeMutablePointer<UInt64>
    /// Per slot: byte 0 is the text's length (0: empty), then the text.
    private let slots: UnsafeMutablePointer<UInt8>

    init() {
        keys = .allocate(capacity: Self.slotCount)
        keys.initialize(repeating: 0, count: Self.slotCount)
        slots = .allocate(capacity: Self.slotCount * Self.slotBytes)
        slots.initialize(repeating: 0, count: Self.slotCount * Self.slotBytes)
    }

    deinit {
        keys.deallocate()
        slots.deallocate()
    }

    /// Queues `value.description` and a newline on `out`.
    @inline(__always)
    func appendLine(_ value: Double, to out: OutputBuffer) {
        let bits = value.bitPattern
        let slot = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 50)  // top 14 bits
        let entry = slots + slot * Self.slotBytes
        if entry[0] == 0 || keys[slot] != bits {
            var text = value.description
            let stored = text.withUTF8 { utf8 -> Bool in
                guard utf8.count < Self.slotBytes else { return false }
                for i in 0..<utf8.count { entry[1 + i] = utf8[i] }
                entry[0] = UInt8(utf8.count)
                return true
            }
            guard stored else { return text.withUTF8 { out.append(line: $0) } }
            keys[slot] = bits
        }
        out.append(line: UnsafeBufferPointer(start: entry + 1, count: Int(entry[0])))
    }
}
