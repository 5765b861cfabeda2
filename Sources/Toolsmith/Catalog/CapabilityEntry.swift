/// How a tool gets its credentials; the auth broker acts on it before deploy.
public enum AuthKind: String, Sendable, Equatable, Codable {
  /// The user's own kubeconfig, reached through the read-only gateway.
  case kubernetes
  /// Nothing to authenticate: the tool reads what its sandbox binds.
  case none
}

/// A word that calls for a tool: `strong` words name its domain on their own,
/// supporting words only count alongside a strong one ("logs" alone is not Kubernetes).
public struct TriggerWord: Sendable, Equatable {
  public enum Strength: String, Sendable, Equatable { case strong, supporting }

  /// One word or a short phrase ("log file"), matched on word boundaries.
  public var phrase: String
  public var strength: Strength

  public init(_ phrase: String, _ strength: Strength = .strong) {
    self.phrase = phrase
    self.strength = strength
  }
}

/// Which vetted template writes the tool, and which version of it.
public struct TemplateReference: Sendable, Equatable, Codable {
  public var name: String
  public var version: String

  public init(name: String, version: String) {
    self.name = name
    self.version = version
  }
}

/// One capability the agent can grow: what calls for it, what it runs, how it
/// authenticates, what it offers, and how it is confined.
public struct CapabilityEntry: Sendable, Equatable {
  /// The tool's name; the generated file is `<name>_tools.py`.
  public var name: String
  public var summary: String
  public var triggers: [TriggerWord]
  /// The one program the tool may run, or nil for a pure-Python tool.
  public var binary: String?
  public var authKind: AuthKind
  /// Every function is read-only; the MCP host refuses anything not listed here.
  public var functions: [ToolFunction]
  public var sandboxProfile: String
  public var template: TemplateReference
  /// How long one call of the binary may take before the tool kills it.
  public var timeoutSeconds: Int
  /// The most output one call returns; the rest is cut and marked truncated.
  public var maxOutputBytes: Int
  /// For file readers: the only directories the tool may read under.
  public var allowedDirectories: [String]

  public init(
    name: String, summary: String, triggers: [TriggerWord], binary: String?, authKind: AuthKind,
    functions: [ToolFunction], sandboxProfile: String, template: TemplateReference,
    timeoutSeconds: Int = 30, maxOutputBytes: Int = 1 << 20, allowedDirectories: [String] = []
  ) {
    self.name = name
    self.summary = summary
    self.triggers = triggers
    self.binary = binary
    self.authKind = authKind
    self.functions = functions
    self.sandboxProfile = sandboxProfile
    self.template = template
    self.timeoutSeconds = timeoutSeconds
    self.maxOutputBytes = maxOutputBytes
    self.allowedDirectories = allowedDirectories
  }

  /// The file the toolsmith writes under `mcp_servers/`.
  public var fileName: String { "\(name)_tools.py" }

  public var functionNames: [String] { functions.map(\.name) }
}
