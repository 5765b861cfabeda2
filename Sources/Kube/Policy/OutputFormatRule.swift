/// What the policy does with an `-o`/`--output` value.
enum OutputFormatRule {
  /// Formats that only shape what kubectl fetched. jsonpath is among them: it
  /// selects fields and has no functions or file access, and -o json shows more.
  private static let allowed: Set<String> = [
    "json", "yaml", "wide", "name", "custom-columns", "jsonpath", "jsonpath-as-json",
    "plaintext", "plaintext-openapiv2",
  ]
  /// Go templates run template functions; the issue bans output templates outright.
  private static let templates: Set<String> = [
    "go-template", "go-template-file", "template", "templatefile",
  ]
  /// Formats that read their template from a host file.
  private static let fromFiles: Set<String> = ["jsonpath-file", "custom-columns-file"]

  static func check(_ value: String) -> PolicyRefusal.Reason? {
    let format = String(value.prefix { $0 != "=" })
    if allowed.contains(format) { return nil }
    if templates.contains(format) { return .outputTemplate("-o \(format)") }
    if fromFiles.contains(format) { return .hostFileFlag("-o \(format)") }
    return .unknownOutput("-o \(format)")
  }
}
