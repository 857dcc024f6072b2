import ArgumentParser
import Chop
import ChopMPFR

/// Parsing and bounds of `chop verify`'s list options.
enum VerifyLists {
    /// The most random samples per format × mode (× operation): the verifier keeps
    /// per-chunk state and candidate indices for every sample.
    static let maximumSamples = 100_000_000

    /// Splits a comma-separated list, rejecting empty items (`bf16,,e2m1`) with an error
    /// quoting the whole list.
    static func items(_ text: String, option: String) throws -> [String] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if items.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw CLIError("invalid \(option) list '\(text)' (an item is empty)")
        }
        return items
    }

    static func formats(_ text: String, option: String = "--format") throws -> [FloatFormat] {
        try items(text, option: option).map { try resolveFormat($0) }
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
            throw CLIError("invalid sample count '\(text)' (expected an integer, 0 or more)")
        }
        guard n <= maximumSamples else {
            throw CLIError("--samples \(text) is too large (at most \(maximumSamples))")
        }
        return n
    }
}

import Foundation
