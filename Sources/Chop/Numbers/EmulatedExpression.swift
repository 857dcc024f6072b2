import RealModule

/// An arithmetic expression evaluated with every operation rounded to an emulated
/// format — the engine behind `chop calc`.
///
/// Grammar: numbers (`1`, `0.1`, `2.5e-3`, `0x1.8p-3`, any number of digits), the
/// constants `pi`, `e`, `inf`, `nan`, the operators `+ - * /` and `^` (power,
/// right-associative, binds tighter than unary minus as in `-2^2 = -4`), parentheses,
/// and the functions `sqrt(x)`, `fma(a, b, c)` (a·b + c, rounded once), `exp log log2
/// log10 log1p expm1 exp2 exp10 sin cos tan asin acos atan sinh cosh tanh asinh acosh
/// atanh erf erfc gamma lgamma abs`, and `pow(x, y)`, `hypot(x, y)`, `atan2(y, x)`,
/// `min`, `max`.
///
/// Every number is rounded into the format once from its exact decimal or hex value
/// (``NumberLiteral``); a minus sign written directly before a number is part of it
/// (`-0.1` is the literal −0.1 rounded once, so toward +∞ it stays above −0.1), except
/// before a power (`-2^2` is −(2²)). `pi` and `e` are rounded once from a two-double
/// expansion; every + − × ÷ √ fma is the exact result rounded once
/// (``RoundedArithmetic``); elementary functions are evaluated in binary64 and rounded
/// once (libm accuracy, see ``Emulated``'s Real conformance for the caveat); negating
/// a computed value is exact.
///
/// Parsing and evaluation use explicit stacks (the shunting-yard algorithm and a
/// postfix program), never recursion, so any nesting depth up to the length limit
/// ``maximumLength`` is evaluated without exhausting the call stack.
public struct EmulatedExpression: Sendable {
    /// The longest expression accepted, in Unicode scalars.
    public static let maximumLength = 1_000_000

    /// One instruction of the postfix program.
    enum Instruction: Sendable {
        case number(NumberLiteral, text: String)
        case constant(hi: Double, tail: Double, name: String)
        case negate
        case binary(Character)
        case call(String, arguments: Int)
    }

    /// The expression in postfix order.
    let program: [Instruction]
    /// The source text.
    public let text: String

    /// Parses `text`.
    /// - Throws: ``ExpressionError`` with the 1-based column of the problem.
    public init(parsing text: String) throws {
        self.text = text
        let scalars = Array(text.unicodeScalars)
        guard scalars.count <= Self.maximumLength else {
            throw ExpressionError("expression longer than \(Self.maximumLength) characters", column: Self.maximumLength + 1)
        }
        var parser = Parser(scalars)
        program = try parser.parseAll()
    }

    /// One rounded operation, for tracing.
    public struct Step: Sendable, CustomStringConvertible {
        /// The operation as text, e.g. `1 / 3` or `sqrt(2)`.
        public var operation: String
        /// The rounded result (a value of the format).
        public var result: Double
        /// The exact result to binary64 precision: `exact + exactTail` is the exact
        /// value for + − × fma, within 2⁻¹⁰⁰ relative for ÷ and √, the nearest binary64
        /// value for literals, and the binary64 libm value for elementary functions.
        public var exact: Double
        /// The low part of the exact result: see ``exact``.
        public var exactTail: Double
        /// result − exact, computed without cancellation error.
        public var error: Double { (result - exact) - exactTail }

        /// The step as one line: the operation, its rounded result, the exact value and the error.
        public var description: String {
            "\(operation) = \(result)    exact ≈ \(exact)    error \(error)"
        }
    }

    /// Evaluates the expression rounding every operation to `format` under `mode`;
    /// stochastic modes draw from `Xoshiro256StarStar(seed:)`.
    /// - Parameters:
    ///   - format: the format every literal and operation is rounded to.
    ///   - mode: the rounding mode of every rounding.
    ///   - seed: the seed of the generator (stochastic modes only).
    ///   - trace: called for every literal and operation, in evaluation order.
    public func evaluate(
        format: FloatFormat, mode: RoundingMode, seed: UInt64 = 0, trace: ((Step) -> Void)? = nil
    ) throws -> Double {
        var generator = Xoshiro256StarStar(seed: seed)
        return evaluate(format: format, mode: mode, using: &generator, trace: trace)
    }

    /// Evaluates the expression rounding every operation to `format` under `mode`,
    /// drawing the random bits of stochastic modes from `generator`.
    /// - Parameters:
    ///   - format: the format every literal and operation is rounded to.
    ///   - mode: the rounding mode of every rounding.
    ///   - generator: the source of random bits (stochastic modes only).
    ///   - trace: called for every literal and operation, in evaluation order.
    public func evaluate<G: RandomNumberGenerator>(
        format: FloatFormat, mode: RoundingMode, using generator: inout G, trace: ((Step) -> Void)? = nil
    ) -> Double {
        var stack: [Double] = []
        stack.reserveCapacity(16)
        for instruction in program {
            switch instruction {
            case .number(let literal, let text):
                let v = literal.rounded(to: format, mode: mode, using: &generator)
                if let trace {
                    trace(Step(operation: text, result: v, exact: literal.nearestDouble, exactTail: 0))
                }
                stack.append(v)
            case .constant(let hi, let tail, let name):
                let v = Chop.round(hi, tail: tail, to: format, mode: mode, using: &generator)
                trace?(Step(operation: name, result: v, exact: hi, exactTail: tail))
                stack.append(v)
            case .negate:
                stack[stack.count - 1] = -stack[stack.count - 1]
            case .binary(let op):
                let y = stack.removeLast(), x = stack.removeLast()
                let v: Double
                var exact = (0.0, 0.0)
                switch op {
                case "+":
                    v = RoundedArithmetic.add(x, y, format: format, mode: mode, using: &generator)
                    if trace != nil { exact = ErrorFreeTransforms.twoSum(x, y) }
                case "-":
                    v = RoundedArithmetic.subtract(x, y, format: format, mode: mode, using: &generator)
                    if trace != nil { exact = ErrorFreeTransforms.twoSum(x, -y) }
                case "*":
                    v = RoundedArithmetic.multiply(x, y, format: format, mode: mode, using: &generator)
                    if trace != nil { exact = ErrorFreeTransforms.twoProduct(x, y) }
                case "/":
                    v = RoundedArithmetic.divide(x, y, format: format, mode: mode, using: &generator)
                    if trace != nil {
                        let q = x / y
                        exact = q.isFinite && q != 0 && y.isFinite ? RoundedArithmetic.quotient(q, x, y) : (q, 0)
                    }
                default:
                    let p = Double.pow(x, y)
                    v = Chop.round(p, to: format, mode: mode, using: &generator)
                    exact = (p, 0)
                }
                if let trace {
                    if !exact.0.isFinite { exact.1 = 0 }
                    trace(Step(operation: "\(x) \(op) \(y)", result: v, exact: exact.0, exactTail: exact.1))
                }
                stack.append(v)
            case .call(let name, let count):
                let xs = Array(stack.suffix(count))
                stack.removeLast(count)
                let (v, exact) = Self.apply(name, xs, format: format, mode: mode, using: &generator)
                trace?(Step(
                    operation: "\(name)(\(xs.map { "\($0)" }.joined(separator: ", ")))", result: v,
                    exact: exact.0, exactTail: exact.0.isFinite ? exact.1 : 0))
                stack.append(v)
            }
        }
        return stack[0]
    }

    /// The one-argument functions evaluated in binary64.
    static let unaryNames = [
        "exp", "log", "log2", "log10", "log1p", "expm1", "exp2", "exp10", "sin", "cos", "tan", "asin", "acos",
        "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "erf", "erfc", "gamma", "lgamma", "abs",
    ]

    /// The binary64 value of the one-argument function `name` at `x`.
    static func unaryDouble(_ name: String, _ x: Double) -> Double {
        switch name {
        case "exp": return .exp(x)
        case "log": return .log(x)
        case "log2": return .log2(x)
        case "log10": return .log10(x)
        case "log1p": return .log(onePlus: x)
        case "expm1": return .expMinusOne(x)
        case "exp2": return .exp2(x)
        case "exp10": return .exp10(x)
        case "sin": return .sin(x)
        case "cos": return .cos(x)
        case "tan": return .tan(x)
        case "asin": return .asin(x)
        case "acos": return .acos(x)
        case "atan": return .atan(x)
        case "sinh": return .sinh(x)
        case "cosh": return .cosh(x)
        case "tanh": return .tanh(x)
        case "asinh": return .asinh(x)
        case "acosh": return .acosh(x)
        case "atanh": return .atanh(x)
        case "erf": return .erf(x)
        case "erfc": return .erfc(x)
        case "gamma": return .gamma(x)
        case "lgamma": return .logGamma(x)
        default: return x.magnitude  // abs
        }
    }
    static let arity: [String: Int] = {
        var a = Dictionary(uniqueKeysWithValues: unaryNames.map { ($0, 1) })
        a["sqrt"] = 1; a["fma"] = 3
        for f in ["pow", "hypot", "atan2", "min", "max"] { a[f] = 2 }
        return a
    }()

    /// The rounded result of function `name` on `x`, and its exact value (see ``Step``).
    static func apply<G: RandomNumberGenerator>(
        _ name: String, _ x: [Double], format: FloatFormat, mode: RoundingMode, using generator: inout G
    ) -> (Double, (Double, Double)) {
        func rounded(_ v: Double) -> (Double, (Double, Double)) {
            (Chop.round(v, to: format, mode: mode, using: &generator), (v, 0))
        }
        switch name {
        case "sqrt":
            let r = RoundedArithmetic.squareRoot(x[0], format: format, mode: mode, using: &generator)
            return (r, x[0] > 0 && x[0].isFinite ? RoundedArithmetic.root(x[0]) : (x[0].squareRoot(), 0))
        case "fma":
            let r = RoundedArithmetic.fusedMultiplyAdd(x[0], x[1], x[2], format: format, mode: mode, using: &generator)
            let (p, e) = ErrorFreeTransforms.twoProduct(x[0], x[1])
            let (s, t) = ErrorFreeTransforms.twoSum(p, x[2])
            let (u, w) = ErrorFreeTransforms.twoSum(t, e)
            return (r, ErrorFreeTransforms.renormalize(s, u, w))
        case "pow": return rounded(Double.pow(x[0], x[1]))
        case "hypot": return rounded(Double.hypot(x[0], x[1]))
        case "atan2": return rounded(Double.atan2(y: x[0], x: x[1]))
        // min and max of values of the format: exact (NaN if either is NaN).
        case "min": return rounded(x[0].isNaN || x[1].isNaN ? .nan : Double.minimum(x[0], x[1]))
        case "max": return rounded(x[0].isNaN || x[1].isNaN ? .nan : Double.maximum(x[0], x[1]))
        default: return rounded(unaryDouble(name, x[0]))
        }
    }

    // MARK: Parsing (shunting-yard, no recursion)

    struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        init(_ s: [Unicode.Scalar]) { self.s = s }

        var column: Int { i + 1 }

        /// An entry of the operator stack.
        enum Pending {
            case binary(Character)
            case negate
            /// A group: `(`, or a function's `name(` with its arguments so far.
            case group(function: String?, arguments: Int, column: Int)

            var precedence: Int {
                switch self {
                case .binary(let c): return c == "^" ? 4 : (c == "*" || c == "/" ? 2 : 1)
                case .negate: return 3
                case .group: return 0
                }
            }
        }

        mutating func skipSpace() { while i < s.count && (s[i] == " " || s[i] == "\t") { i += 1 } }

        mutating func peek() -> Unicode.Scalar? { skipSpace(); return i < s.count ? s[i] : nil }

        static func isDigit(_ c: Unicode.Scalar) -> Bool { c.properties.numericType != nil }

        mutating func parseAll() throws -> [Instruction] {
            guard peek() != nil else { throw ExpressionError("empty expression", column: 1) }
            var output: [Instruction] = []
            var pending: [Pending] = []
            var expectOperand = true

            func popOperator(_ p: Pending) {
                switch p {
                case .binary(let c): output.append(.binary(c))
                case .negate: output.append(.negate)
                case .group: break
                }
            }

            while true {
                guard let c = peek() else { break }
                if expectOperand {
                    if c == "(" {
                        pending.append(.group(function: nil, arguments: 0, column: column))
                        i += 1
                    } else if c == "+" || c == "-" {
                        i += 1
                        if c == "+" { continue }
                        // A minus directly before a number is part of the literal, unless
                        // a power follows (−2^2 = −(2²)).
                        let save = i
                        if let n = peek(), Self.isDigit(n) || n == "." {
                            let (literal, text) = try parseNumber(negated: true)
                            if peek() != "^" {
                                output.append(.number(literal, text: text))
                                expectOperand = false
                                continue
                            }
                            i = save
                        }
                        pending.append(.negate)
                    } else if Self.isDigit(c) || c == "." {
                        let (literal, text) = try parseNumber(negated: false)
                        output.append(.number(literal, text: text))
                        expectOperand = false
                    } else if c.properties.isAlphabetic || c == "_" {
                        let start = i
                        var name = ""
                        while i < s.count && (s[i].properties.isAlphabetic || Self.isDigit(s[i]) || s[i] == "_") {
                            name.unicodeScalars.append(s[i]); i += 1
                        }
                        let lower = name.lowercased()
                        if peek() == "(" {
                            guard EmulatedExpression.arity[lower] != nil else {
                                throw ExpressionError("unknown function '\(name)'", column: start + 1)
                            }
                            i += 1
                            pending.append(.group(function: lower, arguments: 0, column: start + 1))
                            if peek() == ")" {
                                let n = EmulatedExpression.arity[lower]!
                                throw ExpressionError("\(lower) takes \(n) argument\(n == 1 ? "" : "s"), got 0", column: start + 1)
                            }
                            continue
                        }
                        switch lower {
                        case "pi": output.append(.constant(hi: .pi, tail: 1.2246467991473532e-16, name: "pi"))
                        case "e": output.append(.constant(hi: 2.718281828459045, tail: 1.4456468917292502e-16, name: "e"))
                        case "inf", "infinity": output.append(.number(try NumberLiteral("inf"), text: "inf"))
                        case "nan": output.append(.number(try NumberLiteral("nan"), text: "nan"))
                        default:
                            if EmulatedExpression.arity[lower] != nil {
                                throw ExpressionError("function '\(name)' needs arguments in parentheses", column: start + 1)
                            }
                            throw ExpressionError("unknown name '\(name)'", column: start + 1)
                        }
                        expectOperand = false
                    } else {
                        throw ExpressionError("unexpected '\(c)'", column: column)
                    }
                    continue
                }
                // Expecting an operator.
                switch c {
                case "+", "-", "*", "/", "^":
                    let incoming = Pending.binary(Character(c))
                    let rightAssociative = c == "^"
                    while let top = pending.last {
                        if case .group = top { break }
                        let p = top.precedence, q = incoming.precedence
                        guard p > q || (p == q && !rightAssociative) else { break }
                        popOperator(pending.removeLast())
                    }
                    pending.append(incoming)
                    i += 1
                    expectOperand = true
                case ")", ",":
                    while let top = pending.last {
                        if case .group = top { break }
                        popOperator(pending.removeLast())
                    }
                    guard case .group(let function, let arguments, let groupColumn)? = pending.last else {
                        throw ExpressionError("unexpected '\(c)'", column: column)
                    }
                    if c == "," {
                        guard function != nil else { throw ExpressionError("unexpected ','", column: column) }
                        pending[pending.count - 1] = .group(function: function, arguments: arguments + 1, column: groupColumn)
                        i += 1
                        expectOperand = true
                        continue
                    }
                    pending.removeLast()
                    i += 1
                    if let function {
                        let n = EmulatedExpression.arity[function]!
                        guard arguments + 1 == n else {
                            throw ExpressionError("\(function) takes \(n) argument\(n == 1 ? "" : "s"), got \(arguments + 1)", column: groupColumn)
                        }
                        output.append(.call(function, arguments: n))
                    }
                default:
                    throw ExpressionError("unexpected '\(c)'", column: column)
                }
            }
            if expectOperand { throw ExpressionError("unexpected end of expression", column: column) }
            while let top = pending.popLast() {
                if case .group = top { throw ExpressionError("missing ')'", column: column) }
                popOperator(top)
            }
            return output
        }

        /// Scans a number literal at `i` (its digits, point, exponent), then parses it
        /// exactly; `negated` puts a minus sign in front.
        mutating func parseNumber(negated: Bool) throws -> (NumberLiteral, String) {
            let start = i
            var text = negated ? "-" : ""
            func take() { text.unicodeScalars.append(s[i]); i += 1 }
            let isHex = i + 1 < s.count && s[i] == "0" && (s[i + 1] == "x" || s[i + 1] == "X")
            if isHex {
                take(); take()
                while i < s.count && (s[i].properties.isASCIIHexDigit || s[i] == ".") { take() }
                if i < s.count && (s[i] == "p" || s[i] == "P") {
                    take()
                    if i < s.count && (s[i] == "+" || s[i] == "-") { take() }
                    while i < s.count && Self.isDigit(s[i]) { take() }
                }
            } else {
                while i < s.count && (Self.isDigit(s[i]) || s[i] == ".") { take() }
                if i < s.count && (s[i] == "e" || s[i] == "E"),
                   i + 1 < s.count, Self.isDigit(s[i + 1]) || ((s[i + 1] == "+" || s[i + 1] == "-") && i + 2 < s.count && Self.isDigit(s[i + 2])) {
                    take()
                    if s[i] == "+" || s[i] == "-" { take() }
                    while i < s.count && Self.isDigit(s[i]) { take() }
                }
            }
            do {
                return (try NumberLiteral(text), text)
            } catch let error as NumberTextError {
                switch error.reason {
                case .malformed:
                    throw ExpressionError("malformed number '\(error.text)'", column: start + 1)
                default:
                    throw ExpressionError("\(error)", column: start + 1)
                }
            }
        }
    }
}

/// A malformed expression: the message and the 1-based column where it was found.
public struct ExpressionError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong, for example `unexpected ')'`.
    public var message: String
    /// The 1-based column (in characters) where the problem was found.
    public var column: Int

    /// An error with `message` at `column` (1-based).
    public init(_ message: String, column: Int) {
        self.message = message
        self.column = column
    }

    /// The message and the column, as one line.
    public var description: String { "\(message) at column \(column)" }
}
