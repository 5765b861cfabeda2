import Foundation
import Governance

/// Installs an approved tool: code, profile and a signed manifest, atomically.
public enum ToolDeployer {
  /// What the Red deploy approval is bound to: the code and the profile it runs under.
  /// The orchestrator requests the approval with this digest; `deploy` checks it.
  public static func deploymentDigest(code: String, profile: String) -> String {
    Digest.sha256(parts: [("code", code), ("profile", profile)])
  }

  /// Checks the approval first (approved by a person, Red, this exact digest, signed,
  /// not expired, used once), then installs. The files are staged and fsynced in
  /// `mcp_servers/.staging-XXXXXX`, then renamed into place with the manifest last,
  /// so a kill at any point leaves the old tool or files without a matching manifest,
  /// which the registry refuses: never a loadable half tool.
  /// `approver` is recorded when the approval does not name its decider.
  @discardableResult
  public static func deploy(
    rendered: RenderedTool, profileName: String, profileYAML: String, approvalID: String,
    workspace: Workspace, approver: String, now: Date = Date()
  ) throws -> ToolManifest {
    let name = rendered.entryName
    let files = ToolFiles(name: name, directory: workspace.toolsDirectory)
    guard ToolFiles.isValidName(name), rendered.fileName == files.codeURL.lastPathComponent else {
      throw RegistryError.invalidToolName(name)
    }
    let database = try workspace.openDatabase()
    let audit = AuditLog(database: database)
    let key = try workspace.loadOperatorKey()
    let digest = deploymentDigest(code: rendered.code, profile: profileYAML)
    let approval: Approval
    switch authorizeRed(
      ApprovalStore(database: database), id: approvalID, digest: digest, key: key)
    {
    case .success(let authorized): approval = authorized
    case .failure(let refusal):
      try audit.append(
        .refusedAction, actor: approver, subject: "deploy \(name)",
        details: ["approval": approvalID, "digest": digest, "reason": refusal.description])
      throw refusal
    }

    let unsigned = ToolManifest(
      format: ToolManifest.currentFormat, name: name, entry: rendered.entryName,
      template: rendered.template.name, templateVersion: rendered.template.version,
      codeSHA256: Digest.sha256(rendered.code), profileName: profileName,
      profileSHA256: Digest.sha256(profileYAML), approvalID: approval.id,
      approver: approval.decidedBy ?? approver, deployedAt: isoTimestamp(now), signature: nil)
    let manifest: ToolManifest
    let manifestBytes: Data
    do {
      manifest = try unsigned.signed(with: key)
      manifestBytes = try manifest.canonicalJSON()
    } catch {
      throw RegistryError.signingFailed("\(error)")
    }
    try install(
      files: files, code: Data(rendered.code.utf8), profile: Data(profileYAML.utf8),
      manifest: manifestBytes)
    try audit.append(
      .deployment, actor: manifest.approver, subject: name,
      details: [
        "approval": approval.id, "code_sha256": manifest.codeSHA256,
        "profile": profileName, "profile_sha256": manifest.profileSHA256,
        "template": "\(manifest.template) \(manifest.templateVersion)",
      ])
    return manifest
  }

  // Verifies without using the approval up, so a non-Red one stays unused, then uses it.
  private static func authorizeRed(
    _ store: ApprovalStore, id: String, digest: String, key: OperatorKey
  ) -> Result<Approval, RegistryError> {
    do {
      let checked = try store.verify(id: id, digest: digest, key: key)
      guard checked.risk == .red, checked.decisionMode == .person else {
        return .failure(
          .approvalRefused(id: id, reason: "a deploy needs a Red approval decided by a person"))
      }
      return .success(try store.authorize(id: id, digest: digest, key: key))
    } catch {
      let reason = (error as? GovernanceError)?.description ?? "\(error)"
      return .failure(.approvalRefused(id: id, reason: reason))
    }
  }

  static func install(files: ToolFiles, code: Data, profile: Data, manifest: Data)
    throws(RegistryError)
  {
    let directory = files.directory
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw .installFailed(path: directory.path, reason: "\(error)")
    }
    DurableFiles.removeAbandonedStaging(in: directory)
    let locked = try DurableFiles.makeStagingDirectory(in: directory)
    let staging = locked.url
    defer {
      try? FileManager.default.removeItem(at: staging)
      locked.release()
    }
    let staged = ToolFiles(name: files.name, directory: staging)
    try DurableFiles.writeNew(code, to: staged.codeURL)
    try DurableFiles.writeNew(profile, to: staged.profileURL)
    try DurableFiles.writeNew(manifest, to: staged.manifestURL)
    try DurableFiles.syncDirectory(staging)
    // Manifest last: until it lands, the new code and profile do not verify.
    try DurableFiles.rename(staged.codeURL, to: files.codeURL)
    try DurableFiles.rename(staged.profileURL, to: files.profileURL)
    try DurableFiles.syncDirectory(directory)
    try DurableFiles.rename(staged.manifestURL, to: files.manifestURL)
    try DurableFiles.syncDirectory(directory)
  }

  static func isoTimestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }
}
