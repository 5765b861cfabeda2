/// One reason the code may not be deployed, typed so callers can act on it.
public struct ValidationFinding: Sendable, Equatable, CustomStringConvertible {
  public enum Rule: String, Sendable, Equatable, CaseIterable {
    /// The interpreter's own parser rejected the code.
    case syntax
    /// An import outside the entry's allow-list (network, unsafe, or just unknown).
    case forbiddenImport = "forbidden-import"
    /// eval, exec, os.system, open for writing, and the like.
    case forbiddenCall = "forbidden-call"
    /// subprocess with shell=True.
    case shell
    /// subprocess without a literal argv list.
    case subprocessArgv = "subprocess-argv"
    /// subprocess running anything but the entry's binary constant.
    case subprocessBinary = "subprocess-binary"
    /// Dunder names and attributes, the classic way out of a restricted namespace.
    case dunder
    /// The server did not complete initialize and tools/list in the sandbox.
    case handshake
    /// The server's tools/list differs from the catalog entry's functions.
    case toolsMismatch = "tools-mismatch"
  }

  public var rule: Rule
  /// 1-based line in the generated code, when the finding has one.
  public var line: Int?
  public var message: String

  public init(rule: Rule, line: Int?, message: String) {
    self.rule = rule
    self.line = line
    self.message = message
  }

  public var description: String {
    "\(line.map { "line \($0): " } ?? "")[\(rule.rawValue)] \(message)"
  }
}

/// What validation found; `isClean` is the only thing deploy may proceed on.
public struct ValidationReport: Sendable, Equatable {
  public var entryName: String
  public var digest: String
  public var findings: [ValidationFinding]
  /// Names the server declared in tools/list, when the dry run got that far.
  public var declaredTools: [String]?
  /// Whether the handshake dry run ran (it is skipped when the static checks fail).
  public var handshakeRan: Bool

  public var isClean: Bool { findings.isEmpty && handshakeRan }

  public func findings(_ rule: ValidationFinding.Rule) -> [ValidationFinding] {
    findings.filter { $0.rule == rule }
  }
}
