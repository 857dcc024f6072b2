import RealModule

/// An arithmetic expression evaluated with every operation rounded to an emulated
/// format — the engine behind `chop calc`.
///
/// Grammar: numbers (`1`, `0.1`, `2.5e-3`, `0x1.8p-3`), the constants `pi`, `e`,
/// `inf`, `nan`, the operators `+ - * /` and `^` (power, right-associative, binds
/// tighter than unary minus as in `-2^2 = -4`), parentheses, and the functions
/// `sqrt(x)`, `fma(a, b, c)` (a·b + c, rounded once), `exp log log2 log10 log1p expm1
/// exp2 exp10 sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh erf erfc
/// gamma lgamma abs`, and `pow(x, y)`, `hypot(x, y)`, `atan2(y, x)`, `min`, `max`.
///
/// Every number and constant is rounded into the format once (decimal literals go
/// through the nearest binary64 first; `pi` and `e` are rounded from a two-double
/// expansion), every operation is the exact result rounded once
/// (``RoundedArithmetic``), and elementary functions are evaluated in binary64 and
/// rounded once (see ``Emulated``'s Real conformance for the accuracy caveat).
public struct EmulatedExpression: Sendable {
    /// The parsed expression tree.
    indirect enum Node: Sendable {
        case number(Double, text: String)
        case constant(hi: Double, tail: Double, name: String)
        case negate(Node)
        case binary(Character, Node, Node)
        case call(String, [Node])
    }

    let root: Node
    /// The source text.
    public let text: String

    /// Parses `text`.
    /// - Throws: ``ExpressionError`` with the 1-based column of the problem.
    public init(parsing text: String) throws {
        self.text = text
        var parser = Parser(Array(text.unicodeScalars))
        root = try parser.parseAll()
    }

    /// One rounded operation, for tracing.
    public struct Step: Sendable, CustomStringConvertible {
        /// The operation as text, e.g. `1 / 3` or `sqrt(2)`.
        public var operation: String
        /// The rounded result (a value of the format).
        public var result: Double
        /// The exact result to binary64 precision: `exact + exactTail` is the exact
        /// value for + − × fma and literals, within 2⁻¹⁰⁰ relative for ÷ and √, and the
        /// binary64 libm value for elementary functions.
        public var exact: Double
        public var exactTail: Double
        /// result − exact, computed without cancellation error.
        public var error: Double { (result - exact) - exactTail }

        public var description: String {
            "\(operation) = \(result)    exact ≈ \(exact)    error \(error)"
        }
    }

    /// Evaluates the expression rounding every operation to `format` under `mode`;
    /// stochastic modes draw from `Xoshiro256StarStar(seed:)`.
    /// - Parameter trace: called for every literal and operation, in evaluation order.
    public func evaluate(
        format: FloatFormat, mode: RoundingMode, seed: UInt64 = 0, trace: ((Step) -> Void)? = nil
    ) throws -> Double {
        try StochasticRounding.withSeed(seed) {
            try EmulationScope.with(format: format, mode: mode) {
                try evaluate(root, trace).doubleValue
            }
        }
    }

    typealias Value = Emulated<ScopedFormat, ScopedMode>

    func evaluate(_ node: Node, _ trace: ((Step) -> Void)?) throws -> Value {
        switch node {
        case .number(let d, let text):
            let v = Value(d)
            trace?(Step(operation: text, result: v.doubleValue, exact: d, exactTail: 0))
            return v
        case .constant(let hi, let tail, let name):
            let v = Value(hi: hi, tail: tail)
            trace?(Step(operation: name, result: v.doubleValue, exact: hi, exactTail: tail))
            return v
        case .negate(let x):
            return -(try evaluate(x, trace))
        case .binary(let op, let l, let r):
            let a = try evaluate(l, trace), b = try evaluate(r, trace)
            let x = a.doubleValue, y = b.doubleValue
            let v: Value
            var exact = (0.0, 0.0)
            switch op {
            case "+":
                v = a + b; exact = ErrorFreeTransforms.twoSum(x, y)
            case "-":
                v = a - b; exact = ErrorFreeTransforms.twoSum(x, -y)
            case "*":
                v = a * b; exact = ErrorFreeTransforms.twoProduct(x, y)
            case "/":
                v = a / b
                let q = x / y
                exact = q.isFinite && q != 0 && y.isFinite ? RoundedArithmetic.quotient(q, x, y) : (q, 0)
            default:
                v = Value.pow(a, b); exact = (Double.pow(x, y), 0)
            }
            if !exact.0.isFinite { exact.1 = 0 }
            trace?(Step(operation: "\(x) \(op) \(y)", result: v.doubleValue, exact: exact.0, exactTail: exact.1))
            return v
        case .call(let name, let args):
            let values = try args.map { try evaluate($0, trace) }
            let xs = values.map(\.doubleValue)
            let (v, exact) = Self.apply(name, values, xs)
            trace?(Step(
                operation: "\(name)(\(xs.map { "\($0)" }.joined(separator: ", ")))", result: v.doubleValue,
                exact: exact.0, exactTail: exact.0.isFinite ? exact.1 : 0))
            return v
        }
    }

    static let unary: [String: @Sendable (Value) -> Value] = [
        "exp": Value.exp, "log": { Value.log($0) }, "log2": Value.log2, "log10": Value.log10,
        "log1p": { Value.log(onePlus: $0) }, "expm1": Value.expMinusOne, "exp2": Value.exp2, "exp10": Value.exp10,
        "sin": Value.sin, "cos": Value.cos, "tan": Value.tan, "asin": Value.asin, "acos": Value.acos,
        "atan": Value.atan, "sinh": Value.sinh, "cosh": Value.cosh, "tanh": Value.tanh, "asinh": Value.asinh,
        "acosh": Value.acosh, "atanh": Value.atanh, "erf": Value.erf, "erfc": Value.erfc, "gamma": Value.gamma,
        "lgamma": Value.logGamma, "abs": { $0.magnitude },
    ]
    static let unaryDouble: [String: @Sendable (Double) -> Double] = [
        "exp": Double.exp, "log": { Double.log($0) }, "log2": Double.log2, "log10": Double.log10,
        "log1p": { Double.log(onePlus: $0) }, "expm1": Double.expMinusOne, "exp2": Double.exp2, "exp10": Double.exp10,
        "sin": Double.sin, "cos": Double.cos, "tan": Double.tan, "asin": Double.asin, "acos": Double.acos,
        "atan": Double.atan, "sinh": Double.sinh, "cosh": Double.cosh, "tanh": Double.tanh, "asinh": Double.asinh,
        "acosh": Double.acosh, "atanh": Double.atanh, "erf": Double.erf, "erfc": Double.erfc, "gamma": Double.gamma,
        "lgamma": Double.logGamma, "abs": { $0.magnitude },
    ]
    static let arity: [String: Int] = {
        var a = unary.mapValues { _ in 1 }
        a["sqrt"] = 1; a["fma"] = 3
        for f in ["pow", "hypot", "atan2", "min", "max"] { a[f] = 2 }
        return a
    }()

    static func apply(_ name: String, _ v: [Value], _ x: [Double]) -> (Value, (Double, Double)) {
        switch name {
        case "sqrt":
            let r = v[0].squareRoot()
            return (r, x[0] > 0 && x[0].isFinite ? RoundedArithmetic.root(x[0]) : (x[0].squareRoot(), 0))
        case "fma":
            let r = v[2].addingProduct(v[0], v[1])
            let (p, e) = ErrorFreeTransforms.twoProduct(x[0], x[1])
            let (s, t) = ErrorFreeTransforms.twoSum(p, x[2])
            let (u, w) = ErrorFreeTransforms.twoSum(t, e)
            return (r, ErrorFreeTransforms.renormalize(s, u, w))
        case "pow": return (Value.pow(v[0], v[1]), (Double.pow(x[0], x[1]), 0))
        case "hypot": return (Value.hypot(v[0], v[1]), (Double.hypot(x[0], x[1]), 0))
        case "atan2": return (Value.atan2(y: v[0], x: v[1]), (Double.atan2(y: x[0], x: x[1]), 0))
        case "min": return (Value.minimum(v[0], v[1]), (Swift.min(x[0], x[1]), 0))
        case "max": return (Value.maximum(v[0], v[1]), (Swift.max(x[0], x[1]), 0))
        default:
            return (unary[name]!(v[0]), (unaryDouble[name]!(x[0]), 0))
        }
    }

    // MARK: Parsing

    struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        init(_ s: [Unicode.Scalar]) { self.s = s }

        var column: Int { i + 1 }

        mutating func skipSpace() { while i < s.count && (s[i] == " " || s[i] == "\t") { i += 1 } }

        mutating func peek() -> Unicode.Scalar? { skipSpace(); return i < s.count ? s[i] : nil }

        mutating func parseAll() throws -> Node {
            guard peek() != nil else { throw ExpressionError("empty expression", column: 1) }
            let n = try parseSum()
            if let c = peek() { throw ExpressionError("unexpected '\(c)'", column: column) }
            return n
        }

        mutating func parseSum() throws -> Node {
            var n = try parseProduct()
            while let c = peek(), c == "+" || c == "-" {
                i += 1
                n = .binary(Character(c), n, try parseProduct())
            }
            return n
        }

        mutating func parseProduct() throws -> Node {
            var n = try parseUnary()
            while let c = peek(), c == "*" || c == "/" {
                i += 1
                n = .binary(Character(c), n, try parseUnary())
            }
            return n
        }

        mutating func parseUnary() throws -> Node {
            if let c = peek(), c == "-" || c == "+" {
                i += 1
                let operand = try parseUnary()
                return c == "-" ? .negate(operand) : operand
            }
            return try parsePower()
        }

        mutating func parsePower() throws -> Node {
            let base = try parsePrimary()
            if let c = peek(), c == "^" {
                i += 1
                return .binary("^", base, try parseUnary())
            }
            return base
        }

        mutating func parsePrimary() throws -> Node {
            guard let c = peek() else { throw ExpressionError("unexpected end of expression", column: column) }
            if c == "(" {
                i += 1
                let n = try parseSum()
                guard peek() == ")" else {
                    throw ExpressionError(peek() == nil ? "missing ')'" : "expected ')' but found '\(s[i])'", column: column)
                }
                i += 1
                return n
            }
            if c.properties.numericType != nil || c == "." { return try parseNumber() }
            if c.properties.isAlphabetic || c == "_" {
                let start = i
                var name = ""
                while i < s.count && (s[i].properties.isAlphabetic || s[i].properties.numericType != nil || s[i] == "_") {
                    name.unicodeScalars.append(s[i]); i += 1
                }
                let lower = name.lowercased()
                if peek() == "(" {
                    guard let n = EmulatedExpression.arity[lower] else {
                        throw ExpressionError("unknown function '\(name)'", column: start + 1)
                    }
                    i += 1
                    var args: [Node] = []
                    if peek() != ")" {
                        args.append(try parseSum())
                        while peek() == "," { i += 1; args.append(try parseSum()) }
                    }
                    guard peek() == ")" else {
                        throw ExpressionError(peek() == nil ? "missing ')'" : "expected ',' or ')' but found '\(s[i])'", column: column)
                    }
                    i += 1
                    guard args.count == n else {
                        throw ExpressionError("\(lower) takes \(n) argument\(n == 1 ? "" : "s"), got \(args.count)", column: start + 1)
                    }
                    return .call(lower, args)
                }
                switch lower {
                case "pi": return .constant(hi: .pi, tail: 1.2246467991473532e-16, name: "pi")
                case "e": return .constant(hi: 2.718281828459045, tail: 1.4456468917292502e-16, name: "e")
                case "inf", "infinity": return .number(.infinity, text: "inf")
                case "nan": return .number(.nan, text: "nan")
                default:
                    if EmulatedExpression.arity[lower] != nil {
                        throw ExpressionError("function '\(name)' needs arguments in parentheses", column: start + 1)
                    }
                    throw ExpressionError("unknown name '\(name)'", column: start + 1)
                }
            }
            throw ExpressionError("unexpected '\(c)'", column: column)
        }

        mutating func parseNumber() throws -> Node {
            let start = i
            var text = ""
            func take() { text.unicodeScalars.append(s[i]); i += 1 }
            let isHex = i + 1 < s.count && s[i] == "0" && (s[i + 1] == "x" || s[i + 1] == "X")
            if isHex {
                take(); take()
                while i < s.count && (s[i].properties.isASCIIHexDigit || s[i] == ".") { take() }
                if i < s.count && (s[i] == "p" || s[i] == "P") {
                    take()
                    if i < s.count && (s[i] == "+" || s[i] == "-") { take() }
                    while i < s.count && s[i].properties.numericType != nil { take() }
                }
            } else {
                while i < s.count && (s[i].properties.numericType != nil || s[i] == ".") { take() }
                if i < s.count && (s[i] == "e" || s[i] == "E"),
                   i + 1 < s.count, s[i + 1].properties.numericType != nil || ((s[i + 1] == "+" || s[i + 1] == "-") && i + 2 < s.count && s[i + 2].properties.numericType != nil) {
                    take()
                    if s[i] == "+" || s[i] == "-" { take() }
                    while i < s.count && s[i].properties.numericType != nil { take() }
                }
            }
            guard text.unicodeScalars.allSatisfy(\.isASCII), let d = Double(text) else {
                throw ExpressionError("malformed number '\(text)'", column: start + 1)
            }
            return .number(d, text: text)
        }
    }
}

/// A malformed expression: the message and the 1-based column where it was found.
public struct ExpressionError: Error, Equatable, CustomStringConvertible, Sendable {
    public var message: String
    public var column: Int

    public init(_ message: String, column: Int) {
        self.message = message
        self.column = column
    }

    public var description: String { "\(message) at column \(column)" }
}
