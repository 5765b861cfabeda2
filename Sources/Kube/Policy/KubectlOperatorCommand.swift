/// The command line a person could paste to do a refused thing themselves:
/// quoted for a POSIX shell, with credential flags and their values left out so
/// a token never reaches a message.
enum KubectlOperatorCommand {
  static func render(_ tokens: [String]) -> String {
    (["kubectl"] + withoutCredentials(tokens)).map(shellQuoted).joined(separator: " ")
  }

  static func withoutCredentials(_ tokens: [String]) -> [String] {
    var kept: [String] = []
    var index = 0
    while index < tokens.count {
      let token = tokens[index]
      index += 1
      if token == "--" {
        kept += tokens[(index - 1)...]
        break
      }
      guard let spec = credentialSpec(token) else {
        kept.append(token)
        continue
      }
      let valueIsNext = spec.takesValue && !token.contains("=") && token == written(spec, token)
      if valueIsNext { index += 1 }
    }
    return kept
  }

  /// The credential flag `token` spells, if any (`--token`, `--token=x`, `-s`, `-sX`).
  private static func credentialSpec(_ token: String) -> KubectlFlagSpec? {
    if token.hasPrefix("--") {
      let name = token.dropFirst(2).prefix { $0 != "=" }
      return KubectlFlags.credential.first { $0.name == name }
    }
    if token.hasPrefix("-"), token.count >= 2 {
      let letter = token[token.index(after: token.startIndex)]
      return KubectlFlags.credential.first { $0.short == letter }
    }
    return nil
  }

  /// The bare spelling of `spec` that `token` uses, so `-sHOST` does not eat the next token.
  private static func written(_ spec: KubectlFlagSpec, _ token: String) -> String {
    token.hasPrefix("--") ? "--\(spec.name)" : "-\(spec.short.map(String.init) ?? "")"
  }

  static func shellQuoted(_ word: String) -> String {
    let plain = word.allSatisfy {
      $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:=,@%+".contains($0))
    }
    if plain && !word.isEmpty { return word }
    let escaped = word.split(separator: "'", omittingEmptySubsequences: false)
      .joined(separator: "'\\''")
    return "'" + escaped + "'"
  }
}
