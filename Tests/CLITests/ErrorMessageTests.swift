import Foundation
import GRDB
import Governance
import Testing

/// A fresh temp directory, removed after `body`.
private func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
  let dir = FileManager.default.temporaryDirectory
    .appendingPathComponent("meta-agent-errors-\(UUID().uuidString.prefix(8))")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  try body(dir)
}

/// A temp directory holding an initialized production workspace.
private func withWorkspace(_ body: (URL) throws -> Void) throws {
  try withTemporaryDirectory { dir in
    let made = try metaAgent(["init", "--approver", "alice"], in: dir)
    try #require(made.status == 0, "\(made.stderr)")
    try body(dir)
  }
}

/// A pending Yellow request in the workspace, made as the orchestrator would.
private func pendingApproval(in dir: URL, lifetime: TimeInterval = 3600) throws -> Approval {
  let store = ApprovalStore(database: try Workspace(root: dir).openDatabase())
  return try store.request(
    ApprovalRequest(
      risk: .yellow, action: "draft kubectl_tools", digest: Digest.sha256("code"),
      summary: "render mcp_servers/kubectl_tools.py", details: "code",
      reason: "production asks a person", requester: "agent", lifetime: lifetime))
}

/// Writes `text` to `name` under `dir` and returns its path.
@discardableResult
private func write(_ text: String, _ name: String, in dir: URL) throws -> String {
  let file = dir.appendingPathComponent(name)
  try FileManager.default.createDirectory(
    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
  try text.write(to: file, atomically: true, encoding: .utf8)
  return file.path
}

/// What every error a person sees must be: the documented exit code, one line
/// (plus an indented block where a command documents one) that starts with
/// "meta-agent:", names the thing, says what to do, and leaks no Swift internals.
private func expectMessage(
  _ result: Outcome, exit status: Int32, names things: [String], hint: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
    .dropLast(result.stderr.hasSuffix("\n") ? 1 : 0)
  #expect(
    result.status == status, "exit \(result.status): \(result.stderr)",
    sourceLocation: sourceLocation)
  #expect(
    lines.first?.hasPrefix("meta-agent: ") == true, "\(result.stderr)",
    sourceLocation: sourceLocation)
  let extra = lines.dropFirst().filter { !$0.hasPrefix("  ") }
  #expect(extra.isEmpty, "more than one line: \(result.stderr)", sourceLocation: sourceLocation)
  for thing in things {
    #expect(
      result.stderr.contains(thing), "does not name \(thing): \(result.stderr)",
      sourceLocation: sourceLocation)
  }
  #expect(
    result.stderr.contains(hint), "no hint '\(hint)': \(result.stderr)",
    sourceLocation: sourceLocation)
  for leak in [
    "Optional(", "Error Domain=", "Code=", "Swift.", "Foundation.", "DecodingError", "Fatal error",
  ] {
    #expect(
      !result.stderr.contains(leak), "leaks \(leak): \(result.stderr)",
      sourceLocation: sourceLocation)
  }
  #expect(
    !result.stderr.hasSuffix(".\n"), "ends with a period: \(result.stderr)",
    sourceLocation: sourceLocation)
}

/// argument-parser's own usage errors: "Error: ..." plus usage, exit 2, naming the bad value.
private func expectUsage(
  _ result: Outcome, names things: [String], sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    result.status == 2, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
  #expect(result.stderr.hasPrefix("Error: "), "\(result.stderr)", sourceLocation: sourceLocation)
  for thing in things {
    #expect(
      result.stderr.contains(thing), "does not name \(thing): \(result.stderr)",
      sourceLocation: sourceLocation)
  }
}

@Suite("Error messages: each names the thing, says what went wrong and what to do")
struct ErrorMessageTests {
  // MARK: approvals

  @Test("an unknown approval ID is named, with the command that lists the real ones")
  func unknownApproval() throws {
    try withWorkspace { dir in
      let result = try metaAgent(["approve", "zzzz9999"], in: dir)
      expectMessage(result, exit: 1, names: ["zzzz9999"], hint: "meta-agent approvals")
    }
  }

  @Test("a malformed approval ID is a usage error that names it")
  func malformedApproval() throws {
    try withWorkspace { dir in
      expectUsage(try metaAgent(["approvals", "show", "NOPE!"], in: dir), names: ["NOPE!"])
    }
  }

  @Test("an approval decided already says by whom and where to read it")
  func decidedApproval() throws {
    try withWorkspace { dir in
      let approval = try pendingApproval(in: dir)
      let first = try metaAgent(["deny", approval.id, "--reason", "no"], in: dir)
      try #require(first.status == 0, "\(first.stderr)")
      let again = try metaAgent(["approve", approval.id], in: dir)
      expectMessage(
        again, exit: 1, names: [approval.id, "denied", "alice"],
        hint: "meta-agent approvals show \(approval.id)")
    }
  }

  @Test("an expired approval says when it expired and how to ask again")
  func expiredApproval() throws {
    try withWorkspace { dir in
      let approval = try pendingApproval(in: dir, lifetime: 0.001)
      Thread.sleep(forTimeInterval: 0.05)
      let result = try metaAgent(["approve", approval.id], in: dir)
      expectMessage(
        result, exit: 1, names: [approval.id, "expired"], hint: "run the request again")
    }
  }

  // MARK: workspace

  @Test("no workspace above the current directory: names it and says to init")
  func workspaceNotFound() throws {
    try withTemporaryDirectory { dir in
      let result = try metaAgent(["approvals"], in: dir)
      expectMessage(result, exit: 1, names: [dir.path], hint: "meta-agent init")
    }
  }

  @Test("--workspace naming a plain directory: names it and the flag")
  func notAWorkspace() throws {
    try withTemporaryDirectory { dir in
      let result = try metaAgent(["audit", "--workspace", dir.path], in: dir)
      expectMessage(result, exit: 1, names: [dir.path, "--workspace"], hint: "meta-agent init")
    }
  }

  @Test("an operator key others can read is refused with the chmod that fixes it")
  func looseKey() throws {
    try withWorkspace { dir in
      let approval = try pendingApproval(in: dir)
      let key = dir.appendingPathComponent(".meta-agent/keys/operator.ed25519").path
      #expect(chmod(key, 0o644) == 0)
      let result = try metaAgent(["approve", approval.id], in: dir)
      expectMessage(result, exit: 1, names: [key, "644"], hint: "chmod 600 \(key)")
    }
  }

  @Test("a corrupt state database names the file and how to recover")
  func corruptDatabase() throws {
    try withWorkspace { dir in
      let path = dir.appendingPathComponent(".meta-agent/state.sqlite").path
      for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
      try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
      let result = try metaAgent(["audit", "verify"], in: dir)
      expectMessage(result, exit: 1, names: [path], hint: "restore it from a backup")
    }
  }

  @Test("a config.yaml that is not valid names the file and how to fix it")
  func brokenConfig() throws {
    try withWorkspace { dir in
      let approval = try pendingApproval(in: dir)
      let config = try write(
        "environment: moon\napprover: alice\n", ".meta-agent/config.yaml", in: dir)
      let result = try metaAgent(["approve", approval.id], in: dir)
      expectMessage(result, exit: 1, names: [config, "moon"], hint: "fix")
    }
  }

  @Test("a tampered audit log names the first bad entry and what to do")
  func brokenAuditChain() throws {
    try withWorkspace { dir in
      _ = try pendingApproval(in: dir)
      let queue = try DatabaseQueue(
        path: dir.appendingPathComponent(".meta-agent/state.sqlite").path)
      try queue.writeWithoutTransaction { db in
        try db.execute(sql: "DROP TRIGGER audit_log_no_update")
        try db.execute(sql: "UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
      }
      try queue.close()
      let result = try metaAgent(["audit", "verify"], in: dir)
      expectMessage(result, exit: 1, names: ["entry 1"], hint: "meta-agent audit list")
    }
  }

  // MARK: profiles and the sandbox

  @Test("an unknown profile name suggests the near miss")
  func unknownProfile() throws {
    try withTemporaryDirectory { dir in
      let result = try metaAgent(
        ["sandbox", "run", "--profile", "strictt", "--", "/bin/true"], in: dir)
      expectMessage(result, exit: 1, names: ["strictt"], hint: "did you mean strict?")
    }
  }

  @Test("profile show of an unknown name speaks as meta-agent and suggests the near miss")
  func profileShowUnknown() throws {
    try withTemporaryDirectory { dir in
      let result = try metaAgent(["profile", "show", "kubectl-readonli"], in: dir)
      expectMessage(
        result, exit: 1, names: ["kubectl-readonli"], hint: "did you mean kubectl-readonly?")
    }
  }

  @Test("a profile with a YAML syntax error names the file and line")
  func profileSyntaxError() throws {
    try withTemporaryDirectory { dir in
      let file = try write("name: broken\nlimits: [memory: 1\n", "broken.yaml", in: dir)
      let result = try metaAgent(["sandbox", "run", "--profile", file, "--", "/bin/true"], in: dir)
      expectMessage(result, exit: 1, names: [file], hint: "fix:")
    }
  }

  @Test("a program the profile does not allow is named with the profile's field")
  func sandboxMissingProgram() throws {
    try withTemporaryDirectory { dir in
      let result = try metaAgent(
        ["sandbox", "run", "--profile", "strict", "--", "/nonexistent/program"], in: dir)
      expectMessage(result, exit: 1, names: ["/nonexistent/program"], hint: "executables")
    }
  }

  @Test("profile learn from an unknown profile names it and the choices")
  func learnBadFrom() throws {
    try withTemporaryDirectory { dir in
      let result = try metaAgent(
        ["profile", "learn", "--from", "pyhton-mcp-tool", "--", "/bin/true"], in: dir)
      expectMessage(
        result, exit: 1, names: ["pyhton-mcp-tool"], hint: "did you mean python-mcp-tool?")
    }
  }

  @Test("profile learn --input of a missing file names it")
  func learnMissingInput() throws {
    try withTemporaryDirectory { dir in
      let missing = dir.appendingPathComponent("nothing.json").path
      let result = try metaAgent(
        ["profile", "learn", "--from", "strict", "--input", missing, "--", "/bin/true"], in: dir)
      expectMessage(result, exit: 1, names: [missing, "--input"], hint: "give a readable file")
    }
  }

  // MARK: runs

  @Test("resume of an unknown run names the ID and where run IDs come from")
  func resumeUnknownRun() throws {
    try withWorkspace { dir in
      let result = try metaAgent(["resume", "abcd1234", "--no-wait"], in: dir)
      expectMessage(result, exit: 1, names: ["abcd1234"], hint: "meta-agent run")
    }
  }

  @Test("resume of a malformed run ID is a usage error naming it")
  func resumeMalformed() throws {
    try withWorkspace { dir in
      expectUsage(try metaAgent(["resume", "ABC"], in: dir), names: ["ABC"])
    }
  }

  @Test("run without a workspace says to init one")
  func runWithoutWorkspace() throws {
    try withTemporaryDirectory { dir in
      let result = try metaAgent(["run", "why are my pods crashing?", "--no-wait"], in: dir)
      expectMessage(result, exit: 1, names: [dir.path], hint: "meta-agent init")
    }
  }

  @Test("run with both -n and -A is a usage error naming both")
  func runNamespaceAndAll() throws {
    try withWorkspace { dir in
      expectUsage(
        try metaAgent(["run", "check pods", "-n", "prod", "-A"], in: dir), names: ["-n", "-A"])
    }
  }

  // MARK: captures

  @Test("diagnose --from a capture with a broken JSON file names the file")
  func diagnoseBrokenJSON() throws {
    try withTemporaryDirectory { dir in
      let file = try write("{\"kind\": \"List\", \"items\": [", "capture/pods.json", in: dir)
      let result = try metaAgent(
        ["diagnose", "--from", dir.appendingPathComponent("capture").path], in: dir)
      expectMessage(result, exit: 1, names: [file], hint: "fix or remove")
      #expect(
        !result.stderr.contains("\(dir.path)/capture: \(dir.path)/capture"), "\(result.stderr)")
    }
  }

  @Test("diagnose --from a directory that does not exist is a usage error naming it")
  func diagnoseMissing() throws {
    try withTemporaryDirectory { dir in
      let missing = dir.appendingPathComponent("nowhere").path
      expectUsage(try metaAgent(["diagnose", "--from", missing], in: dir), names: [missing])
    }
  }

  @Test("cluster replay of a missing directory names it and what a capture is")
  func replayMissing() throws {
    try withTemporaryDirectory { dir in
      let missing = dir.appendingPathComponent("nowhere").path
      let result = try metaAgent(["cluster", "replay", missing], in: dir)
      expectMessage(result, exit: 1, names: [missing], hint: "meta-agent cluster capture")
    }
  }

  @Test("cluster replay of a capture with a broken file names the file")
  func replayBrokenFile() throws {
    try withTemporaryDirectory { dir in
      let file = try write("kind: [unclosed\n", "capture/pods.yaml", in: dir)
      let result = try metaAgent(
        ["cluster", "replay", dir.appendingPathComponent("capture").path], in: dir)
      expectMessage(result, exit: 1, names: [file], hint: "fix or remove")
    }
  }

  // MARK: tools, credentials, serving

  @Test("tools remove of a tool that is not installed names it and the listing command")
  func removeUnknownTool() throws {
    try withWorkspace { dir in
      let result = try metaAgent(["tools", "remove", "helm"], in: dir)
      expectMessage(result, exit: 1, names: ["helm"], hint: "meta-agent tools list")
    }
  }

  @Test("tools remove of an impossible name is a usage error naming it")
  func removeBadName() throws {
    try withWorkspace { dir in
      expectUsage(try metaAgent(["tools", "remove", "../etc"], in: dir), names: ["../etc"])
    }
  }

  @Test(
    "auth check against a closed port: exit 5, names the server, says what to check",
    .timeLimit(.minutes(1)))
  func authClosedPort() throws {
    try withTemporaryDirectory { dir in
      let config = try write(
        labKubeconfig(server: "https://127.0.0.1:1"), "kubeconfig", in: dir)
      let result = try metaAgent(
        ["auth", "check", "--no-wait"], in: dir,
        environment: ["KUBECONFIG": config, "PATH": "/usr/bin:/bin"])
      expectMessage(result, exit: 5, names: ["127.0.0.1:1"], hint: "kubectl")
      #expect(!result.stderr.contains("not-a-real-token"))
    }
  }

  @Test("mcp serve --kubeconfig of a missing file is a usage error naming it")
  func serveBadKubeconfig() throws {
    try withWorkspace { dir in
      let missing = dir.appendingPathComponent("no-such-kubeconfig").path
      expectUsage(
        try metaAgent(["mcp", "serve", "--kubeconfig", missing], in: dir), names: [missing])
    }
  }

  @Test("init --env with an unknown environment is a usage error naming it")
  func initBadEnvironment() throws {
    try withTemporaryDirectory { dir in
      expectUsage(
        try metaAgent(["init", "--env", "prod"], in: dir), names: ["prod", "production"])
    }
  }

  @Test("doctor --json is not an error: JSON on stdout, nothing on stderr")
  func doctorJSON() throws {
    try withTemporaryDirectory { dir in
      let result = try metaAgent(["doctor", "--json"], in: dir)
      #expect(result.status == 0 || result.status == 1)
      #expect(result.stderr.isEmpty, "\(result.stderr)")
      let findings = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [Any]
      #expect(findings?.isEmpty == false, "\(result.stdout)")
    }
  }
}
