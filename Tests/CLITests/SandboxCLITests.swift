import Foundation
import Sandbox
import Testing

/// `meta-agent sandbox run`, `profile lint` and `profile show` as a person runs them.
@Suite("The sandbox commands")
struct SandboxCLITests {
  static func temporaryDirectory() throws -> URL {
    let dir = URL(fileURLWithPath: "/tmp/meta-agent-cli-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    chmod(dir.path, 0o755)
    return dir
  }

  @Test("sandbox run passes the program's output through and exits 0 when it does")
  func runsAProgram() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try metaAgent(
      ["sandbox", "run", "--profile", "python-mcp-tool", "--", "python3", "-c", "print(6 * 7)"],
      in: dir)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "42\n")
    #expect(result.stderr.contains("exited with code 0"))
  }

  @Test("sandbox run --json reports a seccomp kill and exits 1")
  func jsonReport() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try metaAgent(
      [
        "sandbox", "run", "--profile", "python-mcp-tool", "--json", "--",
        "python3", "-c", "import socket; socket.socket()",
      ], in: dir)
    #expect(result.status == 1)
    let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    let ending = report?["ending"] as? [String: Any]
    #expect(ending?["kind"] as? String == "killed_by_seccomp", "\(result.stdout)")
    #expect(ending?["signal"] as? String == "SIGSYS")
  }

  @Test("usage errors exit 2 and a bad profile exits 1 with one line naming the file")
  func badInput() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let noCommand = try metaAgent(["sandbox", "run", "--profile", "strict"], in: dir)
    #expect(noCommand.status == 2)
    let profile = dir.appendingPathComponent("bad.yaml")
    try "name: bad\nnetwork: internet\n".write(to: profile, atomically: true, encoding: .utf8)
    let bad = try metaAgent(
      ["sandbox", "run", "--profile", profile.path, "--", "/usr/bin/true"], in: dir)
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("bad.yaml:2: network"), "\(bad.stderr)")
    #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
  }

  @Test("inside a workspace, its keys stay hidden even from a profile that binds the workspace")
  func workspaceKeysHidden() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let initialized = try metaAgent(["init", "--env", "dev", "--approver", "ci"], in: dir)
    #expect(initialized.status == 0, "\(initialized.stderr)")
    // Loosen the key's directories so that only the sandbox's masking can stop the read.
    let meta = dir.appendingPathComponent(".meta-agent")
    chmod(meta.path, 0o755)
    chmod(meta.appendingPathComponent("keys").path, 0o755)
    chmod(meta.appendingPathComponent("keys/operator.ed25519").path, 0o644)
    let profile = dir.appendingPathComponent("sandbox-profiles/python-mcp-tool.yaml")
    var text = try String(contentsOf: profile, encoding: .utf8)
    text = text.replacingOccurrences(
      of: "    - /usr/bin/python3\n", with: "    - /usr/bin/python3\n    - \(dir.path)\n")
    try text.write(to: profile, atomically: true, encoding: .utf8)
    let read =
      "import sys\ntry:\n  open(sys.argv[1]).read(); print('READ')\nexcept OSError as e:\n  print(type(e).__name__)"
    let result = try metaAgent(
      [
        "sandbox", "run", "--profile", "python-mcp-tool", "--", "python3", "-c", read,
        meta.appendingPathComponent("keys/operator.ed25519").path,
      ], in: dir)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "PermissionError\n", "\(result.stdout)")
    #expect(!result.stdout.contains("READ"))
  }

  @Test("profile lint accepts every shipped profile and refuses a dangerous one")
  func lint() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let shipped = FileManager.default.currentDirectoryPath + "/sandbox-profiles"
    let sourceRoot =
      ProcessInfo.processInfo.environment["META_AGENT_SOURCE_ROOT"]
      .map { $0 + "/sandbox-profiles" } ?? shipped
    let files = try FileManager.default.contentsOfDirectory(atPath: sourceRoot)
      .filter { $0.hasSuffix(".yaml") }.map { sourceRoot + "/" + $0 }
    #expect(files.count == ShippedProfiles.all.count)
    let ok = try metaAgent(["profile", "lint"] + files, in: dir)
    #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
    let dangerous = dir.appendingPathComponent("ptrace.yaml")
    try "name: ptrace\nseccomp:\n  allow: [ptrace]\n".write(
      to: dangerous, atomically: true, encoding: .utf8)
    let refused = try metaAgent(["profile", "lint", dangerous.path], in: dir)
    #expect(refused.status == 1)
    #expect(refused.stdout.contains("ptrace.yaml:3"), "\(refused.stdout)\(refused.stderr)")
  }
}
