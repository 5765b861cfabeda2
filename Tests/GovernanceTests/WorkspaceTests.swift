import Foundation
import Testing

@testable import Governance

private func mode(_ url: URL) -> Int {
  var info = stat()
  stat(url.path, &info)
  return Int(info.st_mode & 0o777)
}

@Suite("Workspace: init, discovery, keys and the database file")
struct WorkspaceTests {
  @Test("init creates the layout of DESIGN.md with a private key and a WAL database")
  func initCreatesLayout() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let root = dir.url.appendingPathComponent("ops")
    let report = try Workspace.initialize(
      at: root, environment: .staging, approver: "alice", profiles: sampleProfiles)
    let workspace = Workspace(root: root)
    #expect(!report.wasExisting)
    #expect(report.kept.isEmpty)
    for path in [
      "mcp_servers/", "sandbox-profiles/", "sandbox-profiles/strict.yaml",
      "sandbox-profiles/kubectl.yaml", ".meta-agent/state.sqlite",
      ".meta-agent/keys/operator.ed25519", ".meta-agent/config.yaml",
    ] {
      #expect(report.created.contains(path), "\(path) not reported")
      #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path))
    }
    #expect(
      try String(
        contentsOf: workspace.profilesDirectory.appendingPathComponent("strict.yaml"),
        encoding: .utf8) == sampleProfiles["strict"])
    #expect(mode(workspace.keyURL) == 0o600)
    #expect(mode(workspace.keysDirectory) == 0o700)
    #expect(mode(workspace.metaDirectory) == 0o700)
    #expect(try workspace.loadConfig() == WorkspaceConfig(environment: .staging, approver: "alice"))
    let key = try String(contentsOf: workspace.keyURL, encoding: .utf8)
    #expect(key.hasPrefix("-----BEGIN PRIVATE KEY-----"))
    let database = try workspace.openDatabase()
    let journal = try database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
    #expect(journal == "wal")
    #expect(try AuditLog(database: database).entries().first?.kind == "workspace")
  }

  @Test("re-running init destroys nothing and says so")
  func reinitKeepsEverything() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    _ = try Workspace.initialize(
      at: dir.url, environment: .dev, approver: "alice", profiles: sampleProfiles)
    let workspace = Workspace(root: dir.url)
    let profile = workspace.profilesDirectory.appendingPathComponent("strict.yaml")
    try "name: strict\n# edited by a person\n".write(to: profile, atomically: true, encoding: .utf8)
    let keyBefore = try Data(contentsOf: workspace.keyURL)
    let store = ApprovalStore(database: try workspace.openDatabase())
    let pending = try store.request(deployRequest())

    let report = try Workspace.initialize(
      at: dir.url, environment: .production, approver: "bob",
      profiles: sampleProfiles.merging(["new": "name: new\n"]) { a, _ in a })
    #expect(report.wasExisting)
    #expect(report.created == ["sandbox-profiles/new.yaml"])
    #expect(report.kept.contains(".meta-agent/state.sqlite"))
    #expect(report.kept.contains(".meta-agent/keys/operator.ed25519"))
    #expect(report.notes.contains { $0.contains("--env production was not applied") })
    #expect(try String(contentsOf: profile, encoding: .utf8).contains("edited by a person"))
    #expect(try Data(contentsOf: workspace.keyURL) == keyBefore)
    #expect(try workspace.loadConfig() == WorkspaceConfig(environment: .dev, approver: "alice"))
    #expect(try store.approval(id: pending.id).state == .pending)
    #expect(try AuditLog(database: try workspace.openDatabase()).verify().isIntact)
  }

  @Test("commands find the workspace by walking up, like git")
  func discoveryWalksUp() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    _ = try Workspace.initialize(at: dir.url, profiles: [:])
    let nested = dir.url.appendingPathComponent("a/b/c")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    let found = try Workspace.discover(environment: [:], currentDirectory: nested)
    #expect(found.root.path == dir.url.standardizedFileURL.path)
  }

  @Test("--workspace wins over META_AGENT_WORKSPACE, which wins over the current directory")
  func explicitWorkspaceOverrides() throws {
    let one = TemporaryDirectory()
    let two = TemporaryDirectory()
    defer {
      one.remove()
      two.remove()
    }
    _ = try Workspace.initialize(at: one.url, profiles: [:])
    _ = try Workspace.initialize(at: two.url, profiles: [:])
    let fromEnv = try Workspace.discover(
      environment: ["META_AGENT_WORKSPACE": two.url.path], currentDirectory: one.url)
    #expect(fromEnv.root.path == two.url.standardizedFileURL.path)
    let fromFlag = try Workspace.discover(
      explicit: one.url.path, environment: ["META_AGENT_WORKSPACE": two.url.path],
      currentDirectory: two.url)
    #expect(fromFlag.root.path == one.url.standardizedFileURL.path)
  }

  @Test("no workspace, or a named directory that is not one, is a clear error")
  func workspaceNotFound() throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    #expect(throws: GovernanceError.workspaceNotFound(searchedFrom: dir.url.path)) {
      try Workspace.discover(environment: [:], currentDirectory: dir.url)
    }
    #expect(
      throws: GovernanceError.notAWorkspace(path: dir.url.path, source: "META_AGENT_WORKSPACE")
    ) {
      try Workspace.discover(
        environment: ["META_AGENT_WORKSPACE": dir.url.path], currentDirectory: dir.url)
    }
    let message = GovernanceError.workspaceNotFound(searchedFrom: "/x").description
    #expect(message.contains("meta-agent init") && message.contains("--workspace"))
  }

  @Test("a key readable by group or others is refused with the chmod to run")
  func loosePermissionsRefused() async throws {
    try await withWorkspace { workspace in
      chmod(workspace.keyURL.path, 0o644)
      #expect {
        try workspace.loadOperatorKey()
      } throws: { error in
        guard case GovernanceError.keyPermissionsTooOpen(_, 0o644, let fix) = error else {
          return false
        }
        return fix == "chmod 600 \(workspace.keyURL.path)"
      }
      chmod(workspace.keyURL.path, 0o600)
      chmod(workspace.keysDirectory.path, 0o755)
      #expect(
        throws: GovernanceError.keyPermissionsTooOpen(
          path: workspace.keysDirectory.path, mode: 0o755,
          fix: "chmod 700 \(workspace.keysDirectory.path)")
      ) {
        try workspace.loadOperatorKey()
      }
      chmod(workspace.keysDirectory.path, 0o700)
      _ = try workspace.loadOperatorKey()
    }
  }

  @Test("a damaged key file is reported, not used")
  func damagedKeyRefused() async throws {
    try await withWorkspace { workspace in
      try AtomicFile.write(Data("not a key\n".utf8), to: workspace.keyURL, mode: 0o600)
      #expect {
        try workspace.loadOperatorKey()
      } throws: { error in
        if case GovernanceError.keyUnreadable = error { return true }
        return false
      }
    }
  }

  @Test("a missing database is an error with a way to recover, never re-created silently")
  func missingDatabase() async throws {
    try await withWorkspace { workspace in
      try FileManager.default.removeItem(at: workspace.databaseURL)
      for suffix in ["-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: workspace.databaseURL.path + suffix)
      }
      #expect(throws: GovernanceError.databaseMissing(path: workspace.databaseURL.path)) {
        try workspace.openDatabase()
      }
      #expect(throws: GovernanceError.databaseMissing(path: workspace.databaseURL.path)) {
        try Workspace.initialize(at: workspace.root, profiles: sampleProfiles)
      }
      #expect(!FileManager.default.fileExists(atPath: workspace.databaseURL.path))
      let message = GovernanceError.databaseMissing(path: "/w/state.sqlite").description
      #expect(message.contains("restore") && message.contains("meta-agent init"))
    }
  }

  @Test(
    "a corrupt or emptied database is an error that names the file and leaves it alone",
    arguments: ["garbage", "empty", "foreign"])
  func corruptDatabase(kind: String) async throws {
    try await withWorkspace { workspace in
      let path = workspace.databaseURL.path
      for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
      switch kind {
      case "garbage":
        try Data(repeating: 0x5a, count: 8192).write(to: workspace.databaseURL)
      case "empty":
        try Data().write(to: workspace.databaseURL)
      default:
        try FileManager.default.removeItem(at: workspace.databaseURL)
        try tamper(workspace, "CREATE TABLE photos (id INTEGER)")
      }
      let before = try Data(contentsOf: workspace.databaseURL)
      #expect {
        try workspace.openDatabase()
      } throws: { error in
        guard case GovernanceError.databaseCorrupt(let named, _) = error else { return false }
        return named == path && (error as! GovernanceError).description.contains("restore")
      }
      #expect(try Data(contentsOf: workspace.databaseURL) == before)
    }
  }

  @Test("a config with a bad environment names the field and the allowed values")
  func badEnvironment() async throws {
    try await withWorkspace { workspace in
      try "environment: prod\napprover: a\n".write(
        to: workspace.configURL, atomically: true, encoding: .utf8)
      #expect(
        throws: GovernanceError.invalidConfig(
          path: workspace.configURL.path,
          reason: "environment 'prod' is not one of dev, staging, production")
      ) {
        try workspace.loadConfig()
      }
    }
  }
}
