/// A formula that could not be parsed; the message names the offending text.
public struct LawParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, quoting the offending text.
    public let message: String
    /// The message.
    public var description: String { message }
}

extension LawExpression {
    /// Parses a formula such as `"E + A/N^alpha + B/D^beta"`.
    ///
    /// Grammar: `+ - * /`, `^` (right-associative, binds tighter than unary minus
    /// on its left operand, as in mathematics: `-x^2 = -(x^2)`), parentheses,
    /// numbers (`1e-3`, `0.5`), and the functions `exp`, `log` (natural), `log2`.
    /// Every identifier must be one of `parameters` or `variables`.
    /// - Throws: ``LawParseError`` for unknown names, unbalanced parentheses or
    ///   trailing text.
    public init(parsing text: String, parameters: [String], variables: [String]) throws {
        var p = Parser(chars: Array(text), parameters: Set(parameters), variables: Set(variables))
        let e = try p.expression()
        p.skipSpace()
        if p.index < p.chars.count {
            throw LawParseError(message: "unexpected '\(String(p.chars[p.index...]))' in formula '\(text)'")
        }
        self = e
    }
}

private struct Parser {
    let chars: [Character]
    let parameters: Set<String>
    let variables: Set<String>
    var index = 0

    mutating func skipSpace() { while index < chars.count, chars[index].isWhitespace { index += 1 } }
    mutating func peek() -> Character? { skipSpace(); return index < chars.count ? chars[index] : nil }

    mutating func expression() throws -> LawExpression {
        var lhs = try term()
        while let c = peek(), c == "+" || c == "-" {
            index += 1
            let rhs = try term()
            lhs = c == "+" ? .sum(lhs, rhs) : .difference(lhs, rhs)
        }
        return lhs
    }

    mutating func term() throws -> LawExpression {
        var lhs = try unary()
        while let c = peek(), c == "*" || c == "/" {
            index += 1
            let rhs = try unary()
            lhs = c == "*" ? .product(lhs, rhs) : .quotient(lhs, rhs)
        }
        return lhs
    }

    mutating func unary() throws -> LawExpression {
        if peek() == "-" { index += 1; return .negation(try unary()) }
        if peek() == "+" { index += 1; return try unary() }
        return try power()
    }

    mutating func power() throws -> LawExpression {
        let base = try primary()
        if peek() == "^" {
            index += 1
            return .power(base, try unary())
        }
        return base
    }

    mutating func primary() throws -> LawExpression {
        guard let c = peek() else { throw LawParseError(message: "formula ends unexpectedly") }
        if c == "(" {
            index += 1
            let e = try expression()
            guard peek() == ")" else { throw LawParseError(message: "missing ')' in formula") }
            index += 1
            return e
        }
        if c.isNumber || c == "." {
            let start = index
            while index < chars.count, chars[index].isNumber || chars[index] == "." { index += 1 }
            if index < chars.count, chars[index] == "e" || chars[index] == "E",
               index + 1 < chars.count,
               chars[index + 1].isNumber || ((chars[index + 1] == "-" || chars[index + 1] == "+")
                                              && index + 2 < chars.count && chars[index + 2].isNumber) {
                index += 2
                while index < chars.count, chars[index].isNumber { index += 1 }
            }
            let s = String(chars[start..<index])
            guard let v = Double(s) else { throw LawParseError(message: "bad number '\(s)' in formula") }
            return .constant(v)
        }
        if c.isLetter || c == "_" {
            let start = index
            while index < chars.count, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" {
                index += 1
            }
            let name = String(chars[start..<index])
            if ["exp", "log", "log2"].contains(name), peek() == "(" {
                index += 1
                let arg = try expression()
                guard peek() == ")" else { throw LawParseError(message: "missing ')' after \(name)(") }
                index += 1
                switch name {
                case "exp": return .exp(arg)
                case "log": return .log(arg)
                default: return .log2(arg)
                }
            }
            if parameters.contains(name) { return .parameter(name) }
            if variables.contains(name) { return .variable(name) }
            throw LawParseError(message: "unknown name '\(name)' in formula (parameters: \(parameters.sorted().joined(separator: ", ")); variables: \(variables.sorted().joined(separator: ", ")))")
        }
        throw LawParseError(message: "unexpected '\(c)' in formula")
    }
}
