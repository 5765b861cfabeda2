import Foundation
import Governance
import Sandbox

/// Checks generated code before deploy, every check run by the real
/// interpreter inside the `python-mcp-tool` sandbox: its parser, the static
/// policy over its AST, and an MCP handshake with tools/list.
public struct ToolValidator: Sendable {
  public var profile: SandboxProfile

  public init(profile: SandboxProfile) {
    self.profile = profile
  }

  /// A validator using the shipped `python-mcp-tool` profile.
  public static func shipped() throws(ToolsmithError) -> ToolValidator {
    do {
      return ToolValidator(
        profile: try ProfileSource.resolve("python-mcp-tool", workspace: nil).profile)
    } catch {
      throw .profile(error)
    }
  }

  public static func validate(code: String, entry: CapabilityEntry) throws(ToolsmithError)
    -> ValidationReport
  {
    try shipped().validate(code: code, entry: entry)
  }

  /// The dry run runs only when parse and policy are clean: code that fails
  /// the static policy is never executed, not even in the sandbox.
  public func validate(code: String, entry: CapabilityEntry) throws(ToolsmithError)
    -> ValidationReport
  {
    var report = ValidationReport(
      entryName: entry.name, digest: Digest.sha256(code), findings: [], declaredTools: nil,
      handshakeRan: false)
    report.findings = try staticFindings(code: code, entry: entry)
    guard report.findings.isEmpty else { return report }
    let handshake = try HandshakeCheck(profile: profile).run(code: code, entry: entry)
    report.handshakeRan = true
    report.declaredTools = handshake.declaredTools
    report.findings = handshake.findings
    return report
  }

  /// Parse and policy, by the sandboxed interpreter, as typed findings.
  func staticFindings(code: String, entry: CapabilityEntry) throws(ToolsmithError)
    -> [ValidationFinding]
  {
    let policy = CheckerPolicy(
      allowedImports: PolicyChecker.allowedImports(for: entry), binary: entry.binary,
      binaryConstant: "KUBECTL", mayReadFiles: !entry.allowedDirectories.isEmpty)
    let policyJSON = try ToolRenderer.canonicalJSON(policy, "policy")
    let request = SandboxRequest(
      argv: ["/usr/bin/python3", "-I", "-S", "-c", PolicyChecker.script, policyJSON],
      profile: profile, stdin: Array(code.utf8), wallTimeSeconds: 20)
    let result: SandboxResult
    do {
      result = try SandboxLauncher.run(request)
    } catch {
      throw .sandbox(error)
    }
    guard result.ending == .exited(code: 0),
      let output = try? JSONDecoder().decode(CheckerOutput.self, from: Data(result.stdout.bytes))
    else {
      throw .checkerFailed("\(result.ending): \(result.stderr.text.suffix(2000))")
    }
    return output.findings.map { found in
      ValidationFinding(
        rule: ValidationFinding.Rule(rawValue: found.rule) ?? .forbiddenCall, line: found.line,
        message: found.message)
    }
  }
}

/// What the checker script is told, as JSON in its argv[1].
private struct CheckerPolicy: Encodable {
  var allowedImports: [String]
  var binary: String?
  var binaryConstant: String
  var mayReadFiles: Bool

  enum CodingKeys: String, CodingKey {
    case allowedImports = "allowed_imports"
    case binary
    case binaryConstant = "binary_constant"
    case mayReadFiles = "may_read_files"
  }

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(allowedImports, forKey: .allowedImports)
    try container.encode(binary, forKey: .binary)
    try container.encode(binaryConstant, forKey: .binaryConstant)
    try container.encode(mayReadFiles, forKey: .mayReadFiles)
  }
}

/// What the checker script prints.
private struct CheckerOutput: Decodable {
  struct Found: Decodable {
    var rule: String
    var line: Int?
    var message: String
  }
  var parsed: Bool
  var findings: [Found]
}
