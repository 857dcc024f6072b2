import Foundation

/// The largest input file a command reads whole (256 MiB).
let maximumInputFileBytes = 256 << 20

/// Reads a text input file named by `option` (`-` reads stdin).
/// - Throws: ``CLIError`` naming the option and the file when it cannot be read, is
///   larger than ``maximumInputFileBytes``, is not UTF-8 text or holds a NUL byte.
func readInputText(_ path: String, option: String) throws -> String {
    let data: Data
    if path == "-" {
        var collected = Data()
        while true {
            let chunk = FileHandle.standardInput.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            collected.append(chunk)
            if collected.count > maximumInputFileBytes {
                throw CLIError("\(option) stdin is larger than \(maximumInputFileBytes >> 20) MiB")
            }
        }
        data = collected
    } else {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CLIError("cannot read \(option) file '\(path)'")
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
           size > maximumInputFileBytes {
            throw CLIError("\(option) file '\(path)' is larger than \(maximumInputFileBytes >> 20) MiB")
        }
        guard let d = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read \(option) file '\(path)'")
        }
        data = d
    }
    if data.contains(0) { throw CLIError("\(option) file '\(path)' holds a NUL byte (not text)") }
    guard let text = String(data: data, encoding: .utf8) else {
        throw CLIError("\(option) file '\(path)' is not UTF-8 text")
    }
    return text
}
