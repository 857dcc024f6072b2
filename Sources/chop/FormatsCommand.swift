import ArgumentParser
import Chop

/// `chop formats [--output table|csv|json]`: the built-in formats and their figures.
struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List the built-in formats: bits, bias, exponent range, extreme values, special values.",
        discussion: """
            Custom IEEE-style formats are named ieee-e<E>m<M> (e.g. ieee-e3m2) wherever a format is \
            expected; every command also accepts the aliases (fp16, bf16, fp8-e4m3, fp4, ...).

            Examples:
              chop formats
              chop formats --output json
            """
    )

    @OptionGroup var outputOption: OutputOption

    func run() throws {
        switch outputOption.output {
        case .json:
            print("[\n" + FloatFormat.builtIns.map(jsonObject).joined(separator: ",\n") + "\n]")
            return
        case .csv:
            var table = ResultTable(columns: ["name", "signBits", "exponentBits", "significandBits", "precision", "bias", "emin",
                                              "emax", "maxFinite", "minNormal", "minSubnormal", "specials", "hasInfinity",
                                              "hasNaN", "hasNegativeZero", "overflow"])
            for f in FloatFormat.builtIns {
                table.append([.text(f.name), .integer(f.isSigned ? 1 : 0), .integer(f.exponentBits), .integer(f.significandBits),
                              .integer(f.precision), .integer(f.bias), .integer(f.emin), .integer(f.emax), .number(f.maxFinite),
                              .number(f.minNormal), f.subnormals ? .number(f.minPositive) : .missing,
                              .text(f.specials.rawValue), .flag(f.hasInfinity), .flag(f.hasNaN), .flag(f.hasNegativeZero),
                              .text(f.overflow.rawValue)])
            }
            print(table.rendered(.csv), terminator: "")
            return
        case .table:
            break
        }
        var table = TablePrinter(
            headers: ["format", "s/e/m", "bias", "emin", "emax", "max finite", "min normal", "min subnormal",
                      "inf", "nan", "-0", "overflow"],
            rightAligned: [2, 3, 4, 5, 6, 7])
        for f in FloatFormat.builtIns {
            table.append([
                f.name, "\(f.isSigned ? 1 : 0)/\(f.exponentBits)/\(f.significandBits)", "\(f.bias)", "\(f.emin)",
                "\(f.emax)", "\(f.maxFinite)", "\(f.minNormal)", f.subnormals ? "\(f.minPositive)" : "-",
                f.hasInfinity ? "yes" : "no", nanDescription(f), f.hasNegativeZero ? "yes" : "no",
                f.overflow.rawValue,
            ])
        }
        print(table.render())
    }

    /// Where the format's NaN lives.
    func nanDescription(_ f: FloatFormat) -> String {
        switch f.specials {
        case .ieee: return "exp all ones"
        case .finiteAllOnesNaN: return "S.1…1.1…1"
        case .fnuz: return "-0 pattern"
        case .unsignedExponentOnly: return "all ones"
        case .finite: return "none"
        }
    }

    func jsonObject(_ f: FloatFormat) -> String {
        let fields: [(String, String)] = [
            ("name", "\"\(f.name)\""),
            ("signBits", "\(f.isSigned ? 1 : 0)"),
            ("exponentBits", "\(f.exponentBits)"),
            ("significandBits", "\(f.significandBits)"),
            ("precision", "\(f.precision)"),
            ("bias", "\(f.bias)"),
            ("emin", "\(f.emin)"),
            ("emax", "\(f.emax)"),
            ("maxFinite", "\(f.maxFinite)"),
            ("minNormal", "\(f.minNormal)"),
            ("minSubnormal", f.subnormals ? "\(f.minPositive)" : "null"),
            ("specials", "\"\(f.specials.rawValue)\""),
            ("hasInfinity", "\(f.hasInfinity)"),
            ("hasNaN", "\(f.hasNaN)"),
            ("hasNegativeZero", "\(f.hasNegativeZero)"),
            ("overflow", "\"\(f.overflow.rawValue)\""),
        ]
        return "  {" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}
