import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A meta-agent workspace: a directory with `mcp_servers/`, `sandbox-profiles/`
/// and `.meta-agent/` (state database, operator key, config). Commands find it
/// the way git finds a repository: walking up from the current directory.
public struct Workspace: Sendable, Equatable {
  public let root: URL

  public static let environmentVariable = "META_AGENT_WORKSPACE"

  public init(root: URL) {
    self.root = root.standardizedFileURL
  }

  public var metaDirectory: URL { root.appendingPathComponent(".meta-agent") }
  public var databaseURL: URL { metaDirectory.appendingPathComponent("state.sqlite") }
  public var keysDirectory: URL { metaDirectory.appendingPathComponent("keys") }
  public var keyURL: URL { keysDirectory.appendingPathComponent("operator.ed25519") }
  public var configURL: URL { metaDirectory.appendingPathComponent("config.yaml") }
  public var toolsDirectory: URL { root.appendingPathComponent("mcp_servers") }
  public var profilesDirectory: URL { root.appendingPathComponent("sandbox-profiles") }

  /// The workspace to use: `explicit` (from `--workspace`) first, then
  /// `META_AGENT_WORKSPACE`, then the nearest directory at or above
  /// `currentDirectory` that holds `.meta-agent/`.
  public static func discover(
    explicit: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  ) throws -> Workspace {
    if let explicit, !explicit.isEmpty {
      return try named(explicit, source: "--workspace", relativeTo: currentDirectory)
    }
    if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
      return try named(fromEnvironment, source: environmentVariable, relativeTo: currentDirectory)
    }
    var directory = currentDirectory.standardizedFileURL
    while true {
      if isDirectory(directory.appendingPathComponent(".meta-agent")) {
        return Workspace(root: directory)
      }
      let parent = directory.deletingLastPathComponent().standardizedFileURL
      if parent.path == directory.path { break }
      directory = parent
    }
    throw GovernanceError.workspaceNotFound(searchedFrom: currentDirectory.path)
  }

  private static func named(_ path: String, source: String, relativeTo base: URL) throws
    -> Workspace
  {
    let url = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL
    guard isDirectory(url.appendingPathComponent(".meta-agent")) else {
      throw GovernanceError.notAWorkspace(path: url.path, source: source)
    }
    return Workspace(root: url)
  }

  static func isDirectory(_ url: URL) -> Bool {
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
  }

  public func loadConfig() throws -> WorkspaceConfig {
    let text: String
    do {
      text = try String(contentsOf: configURL, encoding: .utf8)
    } catch {
      throw GovernanceError.invalidConfig(
        path: configURL.path,
        reason:
          "cannot read it (\(error.localizedDescription)); restore it or re-run `meta-agent init`")
    }
    return try WorkspaceConfig.parse(text, path: configURL.path)
  }

  public func loadOperatorKey() throws -> OperatorKey {
    try OperatorKey.load(from: keyURL)
  }

  public func openDatabase() throws -> StateDatabase {
    try StateDatabase.open(at: databaseURL)
  }

  /// What `initialize` did, item by item, for the CLI to print.
  public struct InitReport: Sendable, Equatable {
    public let root: URL
    /// Paths relative to the root that were made now.
    public var created: [String] = []
    /// Paths that already existed and were left exactly as they were.
    public var kept: [String] = []
    /// Things the person should know (e.g. an `--env` that was not applied).
    public var notes: [String] = []
    public var environment: DeploymentEnvironment = .production

    /// True when the workspace existed before and nothing in it was replaced.
    public var wasExisting: Bool { kept.contains(".meta-agent/") }
  }

  /// Creates the workspace layout, or completes a partial one. Nothing that
  /// exists is overwritten: profiles people edited, the key, the config and the
  /// database are kept. A workspace whose database or key vanished is refused,
  /// since making a new one would silently lose history or invalidate approvals.
  /// `profiles` maps a profile name to its YAML (the CLI passes the shipped ones).
  public static func initialize(
    at root: URL, environment: DeploymentEnvironment? = nil, approver: String? = nil,
    profiles: [String: String]
  ) throws -> InitReport {
    let workspace = Workspace(root: root)
    var report = InitReport(root: workspace.root)
    let fileManager = FileManager.default
    func exists(_ url: URL) -> Bool { fileManager.fileExists(atPath: url.path) }

    let hadConfig = exists(workspace.configURL)
    if hadConfig {
      // The config is written last, so its presence means a finished init.
      if !exists(workspace.databaseURL) {
        throw GovernanceError.databaseMissing(path: workspace.databaseURL.path)
      }
      if !exists(workspace.keyURL) { throw GovernanceError.keyMissing(path: workspace.keyURL.path) }
    }

    if !isDirectory(workspace.root) {
      try AtomicFile.makeDirectory(workspace.root, mode: 0o755)
    }
    if isDirectory(workspace.metaDirectory) {
      report.kept.append(".meta-agent/")
    } else {
      try AtomicFile.makeDirectory(workspace.metaDirectory, mode: 0o700)
      report.created.append(".meta-agent/")
    }
    for (directory, name) in [
      (workspace.toolsDirectory, "mcp_servers/"),
      (workspace.profilesDirectory, "sandbox-profiles/"),
    ] {
      if isDirectory(directory) {
        report.kept.append(name)
      } else {
        try AtomicFile.makeDirectory(directory, mode: 0o755)
        report.created.append(name)
      }
    }
    for name in profiles.keys.sorted() {
      let file = workspace.profilesDirectory.appendingPathComponent("\(name).yaml")
      let relative = "sandbox-profiles/\(name).yaml"
      if exists(file) {
        report.kept.append(relative)
      } else {
        try AtomicFile.write(Data(profiles[name]!.utf8), to: file, mode: 0o644)
        report.created.append(relative)
      }
    }

    let database: StateDatabase
    if exists(workspace.databaseURL) {
      database = try workspace.openDatabase()
      report.kept.append(".meta-agent/state.sqlite")
    } else {
      database = try StateDatabase.create(at: workspace.databaseURL)
      report.created.append(".meta-agent/state.sqlite")
    }

    if !isDirectory(workspace.keysDirectory) {
      try AtomicFile.makeDirectory(workspace.keysDirectory, mode: 0o700)
    }
    let key: OperatorKey
    if exists(workspace.keyURL) {
      key = try workspace.loadOperatorKey()
      report.kept.append(".meta-agent/keys/operator.ed25519")
    } else {
      key = OperatorKey.generate()
      try key.write(to: workspace.keyURL)
      report.created.append(".meta-agent/keys/operator.ed25519")
    }

    let config: WorkspaceConfig
    if hadConfig {
      config = try workspace.loadConfig()
      report.kept.append(".meta-agent/config.yaml")
      if let environment, environment != config.environment {
        report.notes.append(
          "--env \(environment.rawValue) was not applied: the existing config says "
            + "\(config.environment.rawValue); edit .meta-agent/config.yaml to change it")
      }
    } else {
      config = WorkspaceConfig(
        environment: environment ?? .production, approver: approver ?? defaultApprover())
      try AtomicFile.write(Data(config.yaml.utf8), to: workspace.configURL, mode: 0o600)
      report.created.append(".meta-agent/config.yaml")
    }
    report.environment = config.environment

    try AuditLog(database: database).append(
      .workspace, actor: config.approver, subject: workspace.root.path,
      details: [
        "event": report.wasExisting ? "init re-run, nothing overwritten" : "initialized",
        "environment": config.environment.rawValue, "operator_public_key": key.publicKeyHex,
      ])
    return report
  }

  /// The login name, so decisions name a person even before the config is edited.
  static func defaultApprover() -> String {
    if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name {
      let login = String(cString: name)
      if !login.isEmpty { return login }
    }
    return ProcessInfo.processInfo.environment["USER"] ?? "operator"
  }
}
