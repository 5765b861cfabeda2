import Foundation
import Sandbox

/// Runs a generated server once inside the sandbox with scripted stdin, its
/// code bound read-only at /tool, and returns what it wrote.
public struct ToolDryRun: Sendable {
  public var profile: SandboxProfile
  public var wallTimeSeconds: Double

  public init(profile: SandboxProfile, wallTimeSeconds: Double = 20) {
    self.profile = profile
    self.wallTimeSeconds = wallTimeSeconds
  }

  /// Where the code appears inside the sandbox.
  public static let toolDirectory = "/tool"

  /// Writes `code` to a fresh 0755 scratch directory (the sandbox runs as
  /// nobody), runs `/usr/bin/python3 -I -S /tool/<fileName>` with `requests`
  /// as stdin lines, and removes the directory.
  public func run(
    code: String, fileName: String, requests: [String], extraReadOnly: [SandboxProfile.Bind] = []
  ) throws(ToolsmithError) -> SandboxResult {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    try scratch.write(code, to: fileName)
    let request = SandboxRequest(
      argv: ["/usr/bin/python3", "-I", "-S", "\(Self.toolDirectory)/\(fileName)"],
      profile: profile,
      extraReadOnly: [SandboxProfile.Bind(scratch.path, at: Self.toolDirectory)] + extraReadOnly,
      stdin: Array(requests.map { $0 + "\n" }.joined().utf8),
      wallTimeSeconds: wallTimeSeconds)
    do {
      return try SandboxLauncher.run(request)
    } catch {
      throw .sandbox(error)
    }
  }
}

/// A private directory under /tmp readable by the sandbox's unprivileged user.
struct ScratchDirectory {
  let path: String

  init() throws(ToolsmithError) {
    let path = NSTemporaryDirectory() + "toolsmith-\(UUID().uuidString)"
    do {
      try FileManager.default.createDirectory(
        atPath: path, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o755])
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    } catch {
      throw .scratch(path: path, reason: "\(error)")
    }
    self.path = path
  }

  func write(_ text: String, to name: String) throws(ToolsmithError) {
    let file = path + "/" + name
    guard
      FileManager.default.createFile(
        atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644])
    else { throw .scratch(path: file, reason: "cannot create the file") }
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
