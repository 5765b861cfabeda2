import Foundation

/// The one line a person sees for a failure that reached the CLI: a typed error's
/// own description, or, for an error from a library (Foundation, GRDB, NIO), its
/// plain words with the step that failed and what to try, never a type dump.
func errorLine(_ error: any Error, step: String) -> String {
  let text = firstLine(String(describing: error))
  if !text.isEmpty, !looksLikeTypeDump(text) { return text }
  var words = firstLine(error.localizedDescription)
  // Foundation's fallback for an error without words names the Swift type: say less.
  if words.isEmpty || words.contains("The operation could not be completed") {
    words = "an unexpected error"
  }
  return "\(step) failed: \(words); run `meta-agent doctor` to check this host, then try again"
}

/// `Module.Type.case(...)`, `Optional(...)` or an NSError dump: what `"\(error)"`
/// prints for an error without words of its own.
private func looksLikeTypeDump(_ text: String) -> Bool {
  text.hasPrefix("Optional(") || text.contains("Error Domain=")
    || text.range(
      of: #"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(\(|$)"#,
      options: .regularExpression) != nil
}

private func firstLine(_ text: String) -> String {
  String(text.split(separator: "\n").first ?? "")
}
