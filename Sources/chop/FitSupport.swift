import ArgumentParser
import Foundation
import ScalingLaws

enum ScalingLawNames {
    static var all: String { ScalingLaw.catalogue.map(\.name).joined(separator: ", ") }
}

/// A bad argument or input for `chop fit`: printed as one line on stderr, exit status 2.
struct FitInputError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// Runs `body`; any error becomes one line on stderr and exit status 2 (nothing on stdout).
func runFitReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        throw CLIError.report("\(error)")
    }
}

/// Reads a text file or throws a one-line error naming it.
func readTextFile(_ path: String, what: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path),
          let text = String(data: data, encoding: .utf8) else {
        throw FitInputError("cannot read \(what) '\(path)'")
    }
    return text
}

/// Constants from a `chop fit --json` output (its `constants` member) or a flat
/// JSON object of numbers; `nil` path means the law's first published set.
func loadConstants(for law: ScalingLaw, path: String?, published key: String?) throws -> [String: Double] {
    guard let path else {
        if let key {
            guard let set = law.published.first(where: { $0.key == key }) else {
                throw FitInputError("no published constants '\(key)' for law '\(law.name)' (have: \(law.published.map(\.key).joined(separator: ", ")))")
            }
            return set.values
        }
        guard let set = law.published.first else { throw ScalingLawError.noPublishedConstants(law.name) }
        return set.values
    }
    let text = try readTextFile(path, what: "constants file")
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw FitInputError("constants file '\(path)' is not a JSON object")
    }
    if let fitted = object["law"] as? String, fitted != law.name {
        throw FitInputError("constants file '\(path)' holds a fit of law '\(fitted)', not '\(law.name)'")
    }
    let source = (object["constants"] as? [String: Any]) ?? object
    var out: [String: Double] = [:]
    for p in law.parameters {
        guard let v = source[p.name] as? NSNumber else {
            throw FitInputError("constants file '\(path)' lacks constant '\(p.name)' of law '\(law.name)'")
        }
        out[p.name] = v.doubleValue
    }
    return out
}

/// Parses `3...16`, `3-16`, `4,8` or `8`.
func parseBitList(_ text: String) throws -> [Int] {
    let bad = FitInputError("bad --bits '\(text)': use a range like 3...16 or a list like 4,8 (each 2...64)")
    var out: [Int] = []
    for part in text.split(separator: ",") {
        let s = String(part).trimmingCharacters(in: .whitespaces)
        let bounds = s.contains("...") ? s.components(separatedBy: "...") : s.components(separatedBy: "-")
        guard (1...2).contains(bounds.count), let lo = Int(bounds[0]), let hi = Int(bounds.last!), lo <= hi,
              lo >= 2, hi <= 64 else { throw bad }
        out += Array(lo...hi)
    }
    guard !out.isEmpty else { throw bad }
    return out
}

/// Prints a JSON object with sorted keys.
func printJSON(_ object: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

/// Compact engineering-style number formatting.
func fmt(_ x: Double, _ digits: Int = 6) -> String {
    String(format: "%.\(digits)g", x)
}

func tokensPhrase(_ d: Double) -> String {
    d >= 1e12 ? String(format: "%.4gT", d / 1e12) : d >= 1e9 ? String(format: "%.4gB", d / 1e9) : fmt(d, 4)
}
