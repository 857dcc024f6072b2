import ArgumentParser

/// `--output`: how every command that prints results prints them — an aligned table
/// for people, or CSV or JSON for programs, all from the same result values.
enum OutputStyle: String, CaseIterable, ExpressibleByArgument {
    /// Aligned columns under a header (some commands print a bare value instead,
    /// e.g. `chop round`: one result per line).
    case table
    /// Comma-separated values under a header line; every row has the header's
    /// number of fields.
    case csv
    /// One JSON document (an array of objects, or an object).
    case json
}

/// `--output table|csv|json`, the one output option, shared by every command that
/// prints results.
struct OutputOption: ParsableArguments {
    @Option(name: .long, help: "How to print the results: table, csv or json.")
    var output: OutputStyle = .table
}
