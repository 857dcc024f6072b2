import Foundation

/// Splits a comma-separated option value into its items, trimming spaces.
///
/// The one list rule of every command: an empty item (`''`, `,`, `bf16,,e2m1`, a
/// trailing comma) is an error quoting the whole list.
/// - Throws: ``CLIError`` naming `option` and quoting `text`.
func commaSeparatedItems(_ text: String, option: String) throws -> [String] {
    let items = text.split(separator: ",", omittingEmptySubsequences: false)
        .map { $0.trimmingCharacters(in: .whitespaces) }
    if items.contains(where: \.isEmpty) {
        throw CLIError("invalid \(option) list '\(shownName(text))' (an item is empty; expected comma-separated names)")
    }
    return items
}
