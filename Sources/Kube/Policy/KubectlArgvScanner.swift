/// One step of reading a kubectl command line.
enum KubectlArgvItem: Sendable, Equatable {
  /// One token of flags: `-Ap` gives two, `--output=json` one.
  case flags([KubectlFlag])
  /// An argument that is not a flag: a verb, a resource, a name.
  case positional(String)
}

/// Reads a kubectl command line token by token with pflag's rules: `--name=value`,
/// `--name value`, `-n value`, `-nvalue`, `-n=value`, combined short flags (`-Ap`),
/// booleans that never take the next token, and `--` ending the flags.
struct KubectlArgvScanner {
  private let tokens: [String]
  private var index = 0
  private var flagsEnded = false

  init(_ tokens: [String]) { self.tokens = tokens }

  /// The next item, read with `table`; nil at the end.
  mutating func next(using table: KubectlFlagTable) throws(PolicyRefusal.Reason) -> KubectlArgvItem?
  {
    guard index < tokens.count else { return nil }
    let token = tokens[index]
    index += 1
    if flagsEnded || token == "-" || !token.hasPrefix("-") { return .positional(token) }
    if token == "--" {
      flagsEnded = true
      return try next(using: table)
    }
    if token.hasPrefix("--") { return .flags([try long(token, table)]) }
    return .flags(try short(token, table))
  }

  private mutating func long(_ token: String, _ table: KubectlFlagTable) throws(PolicyRefusal
    .Reason)
    -> KubectlFlag
  {
    let body = token.dropFirst(2)
    let name = String(body.prefix { $0 != "=" })
    let inline = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
    guard let spec = table.spec(long: name) else { throw .unknownFlag("--\(name)") }
    if !spec.takesValue || inline != nil { return KubectlFlag(name: name, value: inline) }
    return KubectlFlag(name: name, value: try takeValue(for: "--\(name)"))
  }

  private mutating func short(_ token: String, _ table: KubectlFlagTable) throws(PolicyRefusal
    .Reason)
    -> [KubectlFlag]
  {
    var flags: [KubectlFlag] = []
    var rest = Substring(token.dropFirst())
    while let letter = rest.first {
      rest = rest.dropFirst()
      guard let spec = table.spec(short: letter) else { throw .unknownFlag("-\(letter)") }
      if rest.hasPrefix("=") {
        flags.append(KubectlFlag(name: spec.name, value: String(rest.dropFirst())))
        break
      }
      if spec.takesValue {
        let value = rest.isEmpty ? try takeValue(for: "-\(letter)") : String(rest)
        flags.append(KubectlFlag(name: spec.name, value: value))
        break
      }
      flags.append(KubectlFlag(name: spec.name, value: nil))
    }
    return flags
  }

  /// The following token, whatever it looks like, as pflag does.
  private mutating func takeValue(for flag: String) throws(PolicyRefusal.Reason) -> String {
    guard index < tokens.count else { throw .missingValue(flag) }
    index += 1
    return tokens[index - 1]
  }
}
