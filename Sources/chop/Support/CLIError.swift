import ArgumentParser
import Foundation

/// A bad command-line value: printed as one line on stderr (`chop: error: <message>`), with
/// exit status 2 and nothing on stdout.
///
/// Commands validate every value before printing anything, then throw
/// ``exitCode(_:)`` so that swift-argument-parser prints nothing more.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }

    init(_ message: String) { self.message = message }

    /// Prints the message on stderr and returns the exit code to throw (2).
    static func report(_ message: String) -> ExitCode {
        writeErrorLine(message)
        return ExitCode(2)
    }

    /// Writes `chop: error: <message>` on stderr as exactly one line: line breaks and
    /// other control characters the user typed are escaped (`\u{a}`).
    static func writeErrorLine(_ message: String) {
        FileHandle.standardError.write(Data(("chop: error: " + escapingControlCharacters(message) + "\n").utf8))
    }
}

/// Runs `body`, turning a ``CLIError`` (or a library error) into one stderr line and
/// exit status 2.
func validating<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        throw CLIError.report("\(error)")
    }
}

/// Writes one line to stderr (progress and notes).
func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
