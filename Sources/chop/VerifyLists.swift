import ArgumentParser
import Chop
import ChopMPFR

/// Parsing and bounds of `chop verify`'s list options.
enum VerifyLists {
    /// The most random samples per format × mode (× operation): the verifier keeps
    /// per-chunk state and candidate indices for every sample.
    static let maximumSamples = 100_000_000

    /// The most worker threads.
    static let maximumThreads = 4096

    /// Splits a comma-separated list (``commaSeparatedItems(_:option:)``).
    static func items(_ text: String, option: String) throws -> [String] {
        try commaSeparatedItems(text, option: option)
    }

    /// A list of formats; the item `all` stands for every built-in format, so that
    /// `all,bogus` is rejected for 'bogus'.
    static func formats(_ text: String, option: String = "--format") throws -> [FloatFormat] {
        try items(text, option: option).flatMap { item -> [FloatFormat] in
            item.lowercased() == "all" ? FloatFormat.builtIns : [try resolveFormat(item)]
        }
    }

    /// `--threads`: nil (all cores) or 1...``maximumThreads``.
    static func threads(_ text: String?) throws -> Int? {
        guard let text else { return nil }
        guard let t = Int(text), t >= 1, t <= maximumThreads else {
            throw CLIError("invalid thread count '\(shownName(text))' (expected 1...\(maximumThreads))")
        }
        return t
    }

    static func modes(_ text: String) throws -> [RoundingMode] {
        text.lowercased() == "all" ? RoundingMode.all : try items(text, option: "--mode").map { try resolveMode($0) }
    }

    static func operations(_ text: String) throws -> [ReferenceOperation] {
        if text.lowercased() == "all" { return ReferenceOperation.allCases }
        return try items(text, option: "--ops").map { name in
            guard let op = ReferenceOperation(shortName: name) else {
                throw CLIError("unknown operation '\(name)' (expected add, sub, mul, div, sqrt, fma or all)")
            }
            return op
        }
    }

    static func functions(_ text: String) throws -> [ElementaryFunction] {
        if text.lowercased() == "all" { return ElementaryFunction.allCases }
        return try items(text, option: "--function").map { name in
            guard let f = ElementaryFunction(named: name) else {
                let known = ElementaryFunction.allCases.map(\.rawValue).joined(separator: ", ")
                throw CLIError("unknown function '\(name)' (expected \(known) or all)")
            }
            return f
        }
    }

    static func samples(_ text: String) throws -> Int {
        guard let n = Int(text), n >= 0 else {
            throw CLIError("invalid sample count '\(shownName(text))' (expected an integer, 0 or more)")
        }
        guard n <= maximumSamples else {
            throw CLIError("--samples \(text) is too large (at most \(maximumSamples))")
        }
        return n
    }
}

import Foundation
