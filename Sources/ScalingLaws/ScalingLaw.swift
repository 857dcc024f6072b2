/// A scaling law as data: a formula over named data variables and named
/// fitted parameters (with bounds and starting grids), plus any constants a
/// paper published for it.
///
/// ```swift
/// let law = try ScalingLaw.named("chinchilla")
/// let loss = try law.evaluate(law.published[0].values, at: ["N": 1e9, "D": 2e10])
/// ```
/// Users add a law the same way the catalogue does:
/// ```swift
/// let mine = try ScalingLaw(name: "power", formula: "E + A/N^alpha",
///     parameters: [LawParameter("E", lower: 1e-3, upper: 10, logScale: true, grid: [1, 2]),
///                  LawParameter("A", lower: 1e-3, upper: 1e9, logScale: true, grid: [1, 100]),
///                  LawParameter("alpha", lower: 0, upper: 2, grid: [0.2, 0.5])],
///     variables: [LawVariable("N")])
/// ```
public struct ScalingLaw: Sendable {
    /// The law's name in the catalogue and on the command line (e.g. `chinchilla`).
    public let name: String
    /// A one-line description.
    public let summary: String
    /// The formula text it was built from.
    public let formula: String
    /// The CSV column holding the observed quantity (`loss`, `error`, ...).
    public let response: String
    /// The fitted parameters, in the order of ``FitResult/values``.
    public let parameters: [LawParameter]
    /// The data variables, in the order of ``ScalingDataset/rows``.
    public let variables: [LawVariable]
    /// The constants published for the law (may be empty).
    public let published: [PublishedConstants]
    /// The formula as an expression tree.
    public let expression: LawExpression
    let compiled: CompiledLaw

    /// - Throws: ``LawParseError`` for a bad formula; ``ScalingLawError/invalidLaw(_:)``
    ///   when the formula's names and the declared parameters differ, or bounds are empty
    ///   (`lower >= upper`, or `lower <= 0` for a log-scale parameter).
    public init(name: String, summary: String = "", formula: String, response: String = "loss",
                parameters: [LawParameter], variables: [LawVariable],
                published: [PublishedConstants] = []) throws {
        let expression = try LawExpression(parsing: formula, parameters: parameters.map(\.name),
                                           variables: variables.map(\.name))
        let used = Set(expression.parameterNames)
        for p in parameters {
            guard used.contains(p.name) else { throw ScalingLawError.invalidLaw("parameter '\(p.name)' is not used in the formula") }
            guard p.lower < p.upper, !(p.logScale && p.lower <= 0) else {
                throw ScalingLawError.invalidLaw("parameter '\(p.name)' has empty bounds [\(p.lower), \(p.upper)]")
            }
            guard !p.grid.isEmpty else { throw ScalingLawError.invalidLaw("parameter '\(p.name)' has an empty start grid") }
        }
        guard Set(parameters.map(\.name)).count == parameters.count,
              Set(variables.map(\.name)).count == variables.count else {
            throw ScalingLawError.invalidLaw("duplicate parameter or variable name")
        }
        for set in published {
            for p in parameters where set.values[p.name] == nil {
                throw ScalingLawError.invalidLaw("published set '\(set.key)' lacks '\(p.name)'")
            }
        }
        self.name = name
        self.summary = summary
        self.formula = formula
        self.response = response
        self.parameters = parameters
        self.variables = variables
        self.published = published
        self.expression = expression
        self.compiled = CompiledLaw(expression, parameters: parameters.map(\.name), variables: variables.map(\.name))
    }

    /// The law's value for parameter values in ``parameters`` order and
    /// variable values in ``variables`` order (NaN/inf when outside its domain).
    public func evaluate(parameters p: [Double], variables x: [Double]) -> Double {
        precondition(p.count == parameters.count && x.count == variables.count, "argument count mismatch")
        let n = compiled.ops.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { slots in
            p.withUnsafeBufferPointer { pp in
                x.withUnsafeBufferPointer { xx in compiled.value(parameters: pp, variables: xx, slots: slots) }
            }
        }
    }

    /// The law's value with named constants at a named point.
    /// - Throws: ``ScalingLawError/missingConstant(_:)`` when a parameter or variable is absent.
    public func evaluate(_ constants: [String: Double], at point: [String: Double]) throws -> Double {
        let p = try parameterVector(constants)
        let x = try variables.map { v -> Double in
            guard let value = point[v.name] else { throw ScalingLawError.missingConstant(v.name) }
            return value
        }
        return evaluate(parameters: p, variables: x)
    }

    /// Named constants in ``parameters`` order.
    public func parameterVector(_ constants: [String: Double]) throws -> [Double] {
        try parameters.map { p in
            guard let v = constants[p.name] else { throw ScalingLawError.missingConstant(p.name) }
            return v
        }
    }

    /// A law of the ``catalogue`` by name.
    /// - Throws: ``ScalingLawError/unknownLaw(_:)``.
    public static func named(_ name: String) throws -> ScalingLaw {
        guard let law = catalogue.first(where: { $0.name == name }) else { throw ScalingLawError.unknownLaw(name) }
        return law
    }
}
