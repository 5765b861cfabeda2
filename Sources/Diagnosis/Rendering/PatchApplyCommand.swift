/// The command an operator runs to apply a recommended patch; meta-agent only prints it.
struct PatchApplyCommand {
  /// Where the text report suggests saving a multi-line patch.
  let fileName: String?
  /// `kubectl patch deployment payment-service -n production --type strategic ...`.
  let command: String

  /// `usedFileNames` keeps two patches for the same object from sharing a file name.
  init(_ patch: Patch, usedFileNames: inout Set<String>) {
    let target = patch.target
    var words = ["kubectl", "patch", target.kind.lowercased(), target.name]
    if let namespace = target.namespace { words += ["-n", namespace] }
    words += ["--type", "strategic"]
    let yaml = patch.yaml.trimmingWhitespaceAndNewlines()
    if yaml.contains(where: \.isNewline) {
      var name = "\(target.name)-patch.yaml"
      var suffix = 2
      while usedFileNames.contains(name) {
        name = "\(target.name)-patch-\(suffix).yaml"
        suffix += 1
      }
      usedFileNames.insert(name)
      fileName = name
      words += ["--patch-file", name]
      command = words.map(ShellQuoting.quoted).joined(separator: " ")
    } else {
      fileName = nil
      command =
        (words + ["--patch"]).map(ShellQuoting.quoted).joined(separator: " ") + " "
        + ShellQuoting.alwaysQuoted(yaml)
    }
  }

  /// True when the recommendation already spells out a `kubectl patch`, so
  /// the report does not print a second one.
  static func isSpelledOut(in recommendation: Recommendation) -> Bool {
    recommendation.commands.contains { $0.contains("kubectl patch") }
  }
}

extension String {
  func trimmingWhitespaceAndNewlines() -> String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text = text.dropFirst() }
    while let last = text.last, last.isWhitespace { text = text.dropLast() }
    return String(text)
  }
}
