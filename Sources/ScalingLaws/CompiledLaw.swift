#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``LawExpression`` flattened into a straight-line program, evaluated with
/// its exact gradient with respect to the parameters (reverse mode).
///
/// Slots are computed in order; every operand refers to an earlier slot, so one
/// forward sweep gives the value and one backward sweep the gradient.
struct CompiledLaw: Sendable {
    enum Op: Sendable {
        case constant(Double)
        case parameter(Int)
        case variable(Int)
        case add(Int, Int), sub(Int, Int), mul(Int, Int), div(Int, Int), pow(Int, Int)
        case neg(Int), exp(Int), log(Int), log2(Int)
    }

    let ops: [Op]

    init(_ expression: LawExpression, parameters: [String], variables: [String]) {
        var ops: [Op] = []
        func emit(_ e: LawExpression) -> Int {
            let op: Op
            switch e {
            case .constant(let c): op = .constant(c)
            case .parameter(let n): op = .parameter(parameters.firstIndex(of: n)!)
            case .variable(let n): op = .variable(variables.firstIndex(of: n)!)
            case .sum(let a, let b): let i = emit(a), j = emit(b); op = .add(i, j)
            case .difference(let a, let b): let i = emit(a), j = emit(b); op = .sub(i, j)
            case .product(let a, let b): let i = emit(a), j = emit(b); op = .mul(i, j)
            case .quotient(let a, let b): let i = emit(a), j = emit(b); op = .div(i, j)
            case .power(let a, let b): let i = emit(a), j = emit(b); op = .pow(i, j)
            case .negation(let a): op = .neg(emit(a))
            case .exp(let a): op = .exp(emit(a))
            case .log(let a): op = .log(emit(a))
            case .log2(let a): op = .log2(emit(a))
            }
            ops.append(op)
            return ops.count - 1
        }
        _ = emit(expression)
        self.ops = ops
    }

    /// The value at one data point.
    func value(parameters p: UnsafeBufferPointer<Double>, variables x: UnsafeBufferPointer<Double>,
               slots v: UnsafeMutableBufferPointer<Double>) -> Double {
        ops.withUnsafeBufferPointer { ops in
        for k in 0..<ops.count {
            switch ops[k] {
            case .constant(let c): v[k] = c
            case .parameter(let i): v[k] = p[i]
            case .variable(let i): v[k] = x[i]
            case .add(let i, let j): v[k] = v[i] + v[j]
            case .sub(let i, let j): v[k] = v[i] - v[j]
            case .mul(let i, let j): v[k] = v[i] * v[j]
            case .div(let i, let j): v[k] = v[i] / v[j]
            case .pow(let i, let j): v[k] = Foundationless.pow(v[i], v[j])
            case .neg(let i): v[k] = -v[i]
            case .exp(let i): v[k] = Foundationless.exp(v[i])
            case .log(let i): v[k] = Foundationless.log(v[i])
            case .log2(let i): v[k] = Foundationless.log2(v[i])
            }
        }
        return v[ops.count - 1]
        }
    }

    /// Adds `seed * d(value)/d(parameter)` to `gradient`, after ``value`` filled `v`.
    func accumulateGradient(seed: Double, slots v: UnsafeBufferPointer<Double>,
                            adjoints a: UnsafeMutableBufferPointer<Double>,
                            gradient g: UnsafeMutableBufferPointer<Double>) {
        ops.withUnsafeBufferPointer { ops in
        for k in 0..<ops.count { a[k] = 0 }
        a[ops.count - 1] = seed
        for k in stride(from: ops.count - 1, through: 0, by: -1) {
            let ak = a[k]
            if ak == 0 { continue }
            switch ops[k] {
            case .constant, .variable: break
            case .parameter(let i): g[i] += ak
            case .add(let i, let j): a[i] += ak; a[j] += ak
            case .sub(let i, let j): a[i] += ak; a[j] -= ak
            case .mul(let i, let j): a[i] += ak * v[j]; a[j] += ak * v[i]
            case .div(let i, let j): a[i] += ak / v[j]; a[j] -= ak * v[k] / v[j]
            case .pow(let i, let j):
                let base = v[i], e = v[j]
                a[i] += ak * (base != 0 ? e * v[k] / base : e * Foundationless.pow(base, e - 1))
                if base > 0 { a[j] += ak * v[k] * Foundationless.log(base) }
                else if base < 0 { a[j] += .nan }
            case .neg(let i): a[i] -= ak
            case .exp(let i): a[i] += ak * v[k]
            case .log(let i): a[i] += ak / v[i]
            case .log2(let i): a[i] += ak / (v[i] * 0.6931471805599453)
            }
        }
        }
    }
}

/// libm functions, named so they do not clash with enum cases.
enum Foundationless {
    @inline(__always) static func pow(_ a: Double, _ b: Double) -> Double { ScalingLaws_pow(a, b) }
    @inline(__always) static func exp(_ a: Double) -> Double { ScalingLaws_exp(a) }
    @inline(__always) static func log(_ a: Double) -> Double { ScalingLaws_log(a) }
    @inline(__always) static func log2(_ a: Double) -> Double { ScalingLaws_log2(a) }
}

@inline(__always) func ScalingLaws_pow(_ a: Double, _ b: Double) -> Double { pow(a, b) }
@inline(__always) func ScalingLaws_exp(_ a: Double) -> Double { exp(a) }
@inline(__always) func ScalingLaws_log(_ a: Double) -> Double { log(a) }
@inline(__always) func ScalingLaws_log2(_ a: Double) -> Double { log2(a) }
