#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered standard output for streaming commands: results are collected and written
/// in large blocks, and flushed whenever the input would block (see ``LineReader``),
/// so that `yes 0.1 | chop round --format bf16 | head -3` and interactive use both
/// see results at once.
final class OutputBuffer {
    /// Bytes collected before a write(2).
    let capacity = 1 << 16
    private let storage: UnsafeMutablePointer<UInt8>
    private var count = 0

    init() { storage = .allocate(capacity: capacity) }
    deinit { storage.deallocate() }

    /// Queues `text` and a newline.
    func append(_ text: String) {
        var text = text
        text.withUTF8 { append(line: $0) }
    }

    /// Queues `line` and a newline.
    @inline(__always)
    func append(line: UnsafeBufferPointer<UInt8>) {
        appendRaw(line)
        if count == capacity { flush() }
        storage[count] = 0x0A
        count += 1
        if count == capacity { flush() }
    }

    /// Queues `text` as it is (no newline).
    func appendRaw(_ text: String) {
        var text = text
        text.withUTF8 { appendRaw($0) }
    }

    /// Queues `bytes` as they are (no newline).
    @inline(__always)
    func appendRaw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if bytes.count <= capacity - count {
            (storage + count).update(from: base, count: bytes.count)
            count += bytes.count
            return
        }
        var from = 0
        while from < bytes.count {
            if count == capacity { flush() }
            let n = min(bytes.count - from, capacity - count)
            for i in 0..<n { storage[count + i] = bytes[from + i] }
            count += n
            from += n
        }
    }

    /// Writes everything collected to stdout.
    func flush() {
        var offset = 0
        while offset < count {
            let n = write(1, storage + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                // A closed pipe (`| head`): stop quietly, like any filter.
                exit(0)
            }
            offset += n
        }
        count = 0
    }
}

/// Reads stdin line by line with read(2), handing out each line (without its
/// newline) as bytes, with the output buffer; before every read that may block it
/// flushes the output.
struct LineReader {
    private var buffer: [UInt8] = []
    private var start = 0
    private var end = 0
    private var finished = false
    /// Longest line accepted, in bytes.
    let maximumLineLength: Int

    init(maximumLineLength: Int) {
        self.maximumLineLength = maximumLineLength
        buffer = [UInt8](repeating: 0, count: 1 << 16)
    }

    enum Line {
        case line(UnsafeBufferPointer<UInt8>)
        case tooLong
    }

    /// Calls `body` with the next line, or returns false at the end of input.
    mutating func next(flushing output: inout OutputBuffer, _ body: (Line, inout OutputBuffer) throws -> Void) throws -> Bool {
        while true {
            // A complete line in the buffer?
            let found: Int? = start < end ? buffer.withUnsafeBufferPointer { b in
                memchr(b.baseAddress! + start, 0x0A, end - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - b.baseAddress! }
            } : nil
            if let newline = found {
                let lineStart = start
                start = newline + 1
                try buffer.withUnsafeBufferPointer { all in
                    try body(.line(UnsafeBufferPointer(rebasing: all[lineStart..<newline])), &output)
                }
                return true
            }
            if finished {
                guard start < end else { return false }
                let lineStart = start, lineEnd = end
                start = end
                try buffer.withUnsafeBufferPointer { all in
                    try body(.line(UnsafeBufferPointer(rebasing: all[lineStart..<lineEnd])), &output)
                }
                return true
            }
            if end - start > maximumLineLength {
                try body(.tooLong, &output)
                return false
            }
            // Make room: move the partial line to the front, grow if full.
            if start > 0 {
                let count = end - start
                if count > 0 {
                    buffer.withUnsafeMutableBufferPointer { b in
                        _ = memmove(b.baseAddress!, b.baseAddress! + start, count)
                    }
                }
                start = 0
                end = count
            }
            if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            output.flush()
            let n = buffer.withUnsafeMutableBufferPointer { b in read(0, b.baseAddress! + end, b.count - end) }
            if n < 0 {
                if errno == EINTR { continue }
                finished = true
            } else if n == 0 {
                finished = true
            } else {
                end += n
            }
        }
    }
}
