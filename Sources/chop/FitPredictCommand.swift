import ArgumentParser
import ScalingLaws

/// `chop fit predict`: evaluate a law at a point.
struct FitPredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Evaluate a law at a point, e.g. `chop fit predict N=1e9 D=1e11 E=4 M=3 B=128`.",
        discussion: "Published constants by default (fp-quant: Sun et al. 2025; chinchilla: Besiroglu et al. 2024); --constants FILE uses a fit."
    )

    @Option(help: "The law: \(ScalingLawNames.all) (default: the law of --published, else fp-quant).") var law: String?
    @Option(help: "Constants JSON (from `chop fit --json`).") var constants: String?
    @Option(help: "Published constant set (chinchilla: besiroglu2024 or hoffmann2022).") var published: String?
    @Argument(help: "Variable values NAME=VALUE, one for each of the law's variables.") var values: [String] = []
    @OptionGroup var outputOption: OutputOption
    var json: Bool { outputOption.output == .json }

    func run() throws {
        try runFitReportingErrors {
            let law: ScalingLaw
            if let name = self.law {
                law = try ScalingLaw.named(name)
            } else if let key = published {
                let owners = ScalingLaw.catalogue.filter { $0.published.contains { $0.key == key } }
                guard let first = owners.first else {
                    let keys = ScalingLaw.catalogue.flatMap { l in l.published.map { "\($0.key) (\(l.name))" } }
                    throw FitInputError("no published constants '\(key)' (have: \(keys.joined(separator: ", ")))")
                }
                guard owners.count == 1 else {
                    throw FitInputError("published constants '\(key)' exist for several laws (\(owners.map(\.name).joined(separator: ", "))): give --law")
                }
                law = first
            } else {
                law = try ScalingLaw.named("fp-quant")
            }
            var point: [String: Double] = [:]
            for item in values {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let v = Double(parts[1]) else {
                    throw FitInputError("bad value '\(item)': use NAME=NUMBER")
                }
                guard let variable = law.variables.first(where: { $0.name == parts[0] }) else {
                    throw FitInputError("unknown variable '\(parts[0])' for law \(law.name) (has: \(law.variables.map(\.name).joined(separator: ", ")))")
                }
                guard variable.domain.accepts(v) else {
                    throw FitInputError("bad value '\(item)': \(variable.name) must be \(variable.domain.phrase)")
                }
                point[parts[0]] = v
            }
            for v in law.variables where point[v.name] == nil {
                throw FitInputError("missing value for \(v.name) (\(v.meaning)); law \(law.name) needs \(law.variables.map { "\($0.name)=" }.joined(separator: " "))")
            }
            if constants != nil && published != nil { throw FitInputError("give --constants or --published, not both") }
            let c = try loadConstants(for: law, path: constants, published: published)
            let y = try law.evaluate(c, at: point)
            switch outputOption.output {
            case .json: try printJSON([law.response: y, "law": law.name, "point": point])
            case .csv:
                var table = ResultTable(columns: ["law"] + law.variables.map(\.name) + [law.response])
                table.append([.text(law.name)] + law.variables.map { .number(point[$0.name]!) } + [.number(y)])
                print(table.rendered(.csv), terminator: "")
            case .table: print(fmt(y, 8))
            }
        }
    }
}
