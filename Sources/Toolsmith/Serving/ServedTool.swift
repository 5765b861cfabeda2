import Foundation
import Governance
import MCPHost
import Sandbox

/// Why a verified tool could not be made ready to serve; the gateway skips it and says so.
public enum ServeProblem: Error, Sendable, Equatable, CustomStringConvertible {
  /// The manifest names a catalog entry this build does not know, so nothing is read-only.
  case unknownEntry(tool: String, entry: String)
  /// A file changed between the registry's check and the gateway reading it.
  case changedSinceVerified(tool: String, file: String)
  case invalidProfile(tool: String, reason: String)
  case staging(tool: String, reason: String)
  /// The server would not start or list its tools.
  case unavailable(tool: String, reason: String)
  /// What the tool's profile needs from the host (the kube gateway) could not be attached.
  case attachmentFailed(tool: String, reason: String)

  /// The tool the problem is about.
  public var tool: String {
    switch self {
    case .unknownEntry(let tool, _), .changedSinceVerified(let tool, _),
      .invalidProfile(let tool, _), .staging(let tool, _), .unavailable(let tool, _),
      .attachmentFailed(let tool, _):
      return tool
    }
  }

  /// The reason without the tool's name, for a table's status column.
  public var reason: String {
    let full = description
    let prefix = "\(tool): "
    return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full
  }

  public var description: String {
    switch self {
    case .unknownEntry(let tool, let entry):
      return
        "\(tool): catalog entry \(entry) is unknown; none of its functions is read-only; redeploy it with this build of meta-agent"
    case .changedSinceVerified(let tool, let file):
      return
        "\(tool): \(file) changed after it was verified; not served: run `meta-agent tools verify`"
    case .invalidProfile(let tool, let reason):
      return
        "\(tool): its installed profile does not load: \(reason); redeploy it or `meta-agent tools remove \(tool)`"
    case .staging(let tool, let reason):
      return
        "\(tool): could not stage its code: \(reason); check that the temporary directory is writable"
    case .unavailable(let tool, let reason):
      return "\(tool): \(reason)"
    case .attachmentFailed(let tool, let reason):
      return
        "\(tool): cannot attach what its sandbox needs: \(reason); check the cluster credentials with `meta-agent auth check`"
    }
  }
}

/// One deployed tool made ready to run: its verified code copied to a private
/// directory (bound read-only at /tool, so the server sees only its own file and
/// the bytes that run are the bytes that were digested), its installed profile,
/// and the catalog's read-only functions.
struct ServedTool: Sendable {
  /// Changes whenever the tool is redeployed, so a hot reload replaces the server.
  let identity: String
  let name: String
  let readOnlyFunctions: Set<String>
  let spec: ToolServerSpec
  let stagingDirectory: URL
  /// Releases the host side (gateway, `kubectl proxy`) once the server has stopped.
  let detach: @Sendable () async -> Void

  static func prepare(
    _ tool: InstalledTool, catalog: CapabilityCatalog, stagingRoot: URL,
    attachments: any ToolServerAttachments
  ) async throws(ServeProblem) -> ServedTool {
    let manifest = tool.manifest
    let name = manifest.name
    guard let entry = catalog.entry(named: manifest.entry) else {
      throw .unknownEntry(tool: name, entry: manifest.entry)
    }
    let code = try verifiedContents(tool.files.codeURL, digest: manifest.codeSHA256, tool: name)
    let profileBytes = try verifiedContents(
      tool.files.profileURL, digest: manifest.profileSHA256, tool: name)
    let profile: SandboxProfile
    do {
      profile = try ProfileLoader.parse(
        yaml: String(decoding: profileBytes, as: UTF8.self),
        file: tool.files.profileURL.lastPathComponent, expectedName: manifest.profileName)
    } catch {
      throw .invalidProfile(tool: name, reason: error.description)
    }
    let directory = stagingRoot.appendingPathComponent(
      "\(name)-\(manifest.codeSHA256.prefix(12))")
    let fileName = tool.files.codeURL.lastPathComponent
    do {
      try? FileManager.default.removeItem(at: directory)
      // The sandbox runs as an unprivileged user: it must be able to read the copy.
      try FileManager.default.createDirectory(
        at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
      guard
        FileManager.default.createFile(
          atPath: directory.appendingPathComponent(fileName).path, contents: code,
          attributes: [.posixPermissions: 0o644])
      else { throw ServeProblem.staging(tool: name, reason: "cannot write \(fileName)") }
    } catch {
      throw .staging(tool: name, reason: "\(error)")
    }
    let attachment: ToolServerAttachment?
    switch await attach(tool, profile: profile, attachments: attachments) {
    case .success(let attached): attachment = attached
    case .failure(let error):
      try? FileManager.default.removeItem(at: directory)
      throw .attachmentFailed(tool: name, reason: error.reason)
    }
    if profile.network == .kubeGateway && attachment?.gateway == nil {
      await attachment?.stop()
      try? FileManager.default.removeItem(at: directory)
      throw .attachmentFailed(
        tool: name,
        reason: "its profile \(profile.name) reaches the cluster through the kube gateway, "
          + "which this host did not provide")
    }
    return ServedTool(
      identity: identity(of: manifest),
      name: name, readOnlyFunctions: Set(entry.functionNames),
      spec: ToolServerSpec(
        argv: ["/usr/bin/python3", "-I", "-S", "/tool/\(fileName)"], profile: profile,
        toolDirectory: directory.path, extraReadOnly: attachment?.extraReadOnly ?? [],
        gateway: attachment?.gateway),
      stagingDirectory: directory, detach: attachment?.stop ?? { @Sendable in })
  }

  /// Attaching may block (starting `kubectl proxy` waits for its socket), so it
  /// runs on a thread of its own, never on one of the few cooperative threads.
  private static func attach(
    _ tool: InstalledTool, profile: SandboxProfile, attachments: any ToolServerAttachments
  ) async -> Result<ToolServerAttachment?, AttachmentError> {
    await withCheckedContinuation { done in
      Thread.detachNewThread {
        do throws(AttachmentError) {
          done.resume(returning: .success(try attachments.attachment(for: tool, profile: profile)))
        } catch {
          done.resume(returning: .failure(error))
        }
      }
    }
  }

  /// The signature covers every digest and the deploy time, so a redeploy changes it.
  static func identity(of manifest: ToolManifest) -> String {
    manifest.signature ?? manifest.codeSHA256 + manifest.profileSHA256
  }

  private static func verifiedContents(_ url: URL, digest: String, tool: String)
    throws(ServeProblem) -> Data
  {
    guard let data = FileManager.default.contents(atPath: url.path), Digest.sha256(data) == digest
    else { throw .changedSinceVerified(tool: tool, file: url.lastPathComponent) }
    return data
  }
}
