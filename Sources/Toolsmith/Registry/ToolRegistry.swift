import Foundation
import Governance
import Synchronization

/// A tool whose manifest signature and file digests all verified just now.
public struct InstalledTool: Sendable, Equatable {
  public let manifest: ToolManifest
  public let files: ToolFiles
}

/// One look at `mcp_servers/`: what verified and what was refused.
public struct RegistryScan: Sendable, Equatable {
  public var tools: [InstalledTool] = []
  public var problems: [RegistryProblem] = []
}

/// The installed tools, verified at every load. Each call re-reads the directory
/// (a few small files), so a running agent sees a newly deployed tool without a restart.
public final class ToolRegistry: Sendable {
  public let workspace: Workspace
  // Problems already audited by this registry, so a polling agent logs each once.
  private let audited = Mutex<Set<RegistryProblem>>([])

  public init(workspace: Workspace) {
    self.workspace = workspace
  }

  /// The tools that verify; each refused one is audited as `refused_action`.
  public func list() throws -> [InstalledTool] { try scan().tools }

  /// Verified tools and the problems of the rest, sorted by name. Staging
  /// directories left by a killed deploy are removed on the way.
  public func scan() throws -> RegistryScan {
    let key = try workspace.loadOperatorKey()
    DurableFiles.removeAbandonedStaging(in: workspace.toolsDirectory)
    var result = RegistryScan()
    for name in try installedNames() {
      switch Self.verify(ToolFiles(name: name, directory: workspace.toolsDirectory), key: key) {
      case .success(let tool): result.tools.append(tool)
      case .failure(let problem): result.problems.append(problem)
      }
    }
    try auditNew(result.problems)
    return result
  }

  /// Every tool name with at least one file in `mcp_servers/`; staging directories are hidden.
  func installedNames() throws -> [String] {
    let directory = workspace.toolsDirectory
    guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .compactMap(ToolFiles.toolName(ofFile:))
    return Set(names).sorted()
  }

  /// Checks the manifest first (present, canonical, signed, naming this tool), then each file.
  static func verify(_ files: ToolFiles, key: OperatorKey) -> Result<InstalledTool, RegistryProblem>
  {
    let name = files.name
    guard let manifestBytes = FileManager.default.contents(atPath: files.manifestURL.path) else {
      return .failure(.missingFile(tool: name, file: files.manifestURL.lastPathComponent))
    }
    guard let manifest = try? JSONDecoder().decode(ToolManifest.self, from: manifestBytes) else {
      return .failure(.tamperedManifest(tool: name, reason: "not a tool manifest"))
    }
    guard (try? manifest.canonicalJSON()) == manifestBytes else {
      return .failure(.tamperedManifest(tool: name, reason: "not in canonical form (edited?)"))
    }
    guard manifest.hasValidSignature(key) else {
      return .failure(
        .tamperedManifest(tool: name, reason: "signature does not verify with the workspace key"))
    }
    guard manifest.name == name else {
      return .failure(
        .tamperedManifest(tool: name, reason: "it was signed for tool \(manifest.name)"))
    }
    guard let code = FileManager.default.contents(atPath: files.codeURL.path) else {
      return .failure(.missingFile(tool: name, file: files.codeURL.lastPathComponent))
    }
    let codeDigest = Digest.sha256(code)
    guard codeDigest == manifest.codeSHA256 else {
      return .failure(
        .tamperedCode(tool: name, expected: manifest.codeSHA256, found: codeDigest))
    }
    guard let profile = FileManager.default.contents(atPath: files.profileURL.path) else {
      return .failure(.missingFile(tool: name, file: files.profileURL.lastPathComponent))
    }
    let profileDigest = Digest.sha256(profile)
    guard profileDigest == manifest.profileSHA256 else {
      return .failure(
        .tamperedProfile(tool: name, expected: manifest.profileSHA256, found: profileDigest))
    }
    return .success(InstalledTool(manifest: manifest, files: files))
  }

  private func auditNew(_ problems: [RegistryProblem]) throws {
    let fresh = audited.withLock { seen in
      let new = problems.filter { !seen.contains($0) }
      seen.formUnion(new)
      return new
    }
    guard !fresh.isEmpty else { return }
    let log = AuditLog(database: try workspace.openDatabase())
    for problem in fresh {
      try log.append(
        .refusedAction, actor: "registry", subject: "load \(problem.tool)",
        details: ["problem": problem.kind, "reason": problem.reason])
    }
  }

  /// What a removal approval is bound to: the tool's name and its manifest as it is on disk.
  public func removalDigest(name: String) throws -> String {
    let files = try existingFiles(name)
    let manifest = FileManager.default.contents(atPath: files.manifestURL.path) ?? Data()
    return Digest.sha256(parts: [
      ("remove", name), ("manifest", String(decoding: manifest, as: UTF8.self)),
    ])
  }

  /// Removes a tool (Yellow): the approval must be for `removalDigest(name:)`.
  /// The manifest goes first, so a kill midway leaves nothing loadable.
  public func remove(name: String, approvalID: String, actor: String) throws {
    let files = try existingFiles(name)
    let digest = try removalDigest(name: name)
    let database = try workspace.openDatabase()
    let audit = AuditLog(database: database)
    do {
      _ = try ApprovalStore(database: database).authorize(
        id: approvalID, digest: digest, key: try workspace.loadOperatorKey(), actor: actor)
    } catch let error as GovernanceError {
      let refusal = RegistryError.approvalRefused(id: approvalID, reason: error.description)
      try audit.append(
        .refusedAction, actor: actor, subject: "remove \(name)",
        details: ["approval": approvalID, "digest": digest, "reason": refusal.description])
      throw refusal
    }
    try DurableFiles.unlink(files.manifestURL)
    try DurableFiles.syncDirectory(files.directory)
    try DurableFiles.unlink(files.codeURL)
    try DurableFiles.unlink(files.profileURL)
    try DurableFiles.syncDirectory(files.directory)
    try audit.append(
      .deployment, actor: actor, subject: name,
      details: ["action": "remove", "approval": approvalID])
  }

  private func existingFiles(_ name: String) throws(RegistryError) -> ToolFiles {
    guard ToolFiles.isValidName(name) else { throw .invalidToolName(name) }
    let files = ToolFiles(name: name, directory: workspace.toolsDirectory)
    let any = [files.manifestURL, files.codeURL, files.profileURL].contains {
      FileManager.default.fileExists(atPath: $0.path)
    }
    guard any else { throw .unknownTool(name) }
    return files
  }
}
