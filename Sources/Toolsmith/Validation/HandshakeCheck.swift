import Sandbox

/// The MCP dry run: initialize, initialized, tools/list and an unknown method,
/// inside the sandbox; the declared tools must equal the catalog entry's.
struct HandshakeCheck {
  var profile: SandboxProfile

  struct Outcome {
    var declaredTools: [String]?
    var findings: [ValidationFinding]
  }

  static let requests = [
    #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"meta-agent-validator","version":"1"}}}"#,
    #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
    #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
    #"{"jsonrpc":"2.0","id":3,"method":"meta-agent/no-such-method"}"#,
  ]

  func run(code: String, entry: CapabilityEntry) throws(ToolsmithError) -> Outcome {
    let result = try ToolDryRun(profile: profile).run(
      code: code, fileName: entry.fileName, requests: Self.requests)
    var findings: [ValidationFinding] = []
    func fail(_ message: String) {
      findings.append(ValidationFinding(rule: .handshake, line: nil, message: message))
    }
    if result.ending != .exited(code: 0) {
      fail("the server \(result.ending) at end of input: \(result.stderr.text.suffix(500))")
    }
    var responses: [Int: JSONValue] = [:]
    for line in result.stdout.text.split(separator: "\n") {
      guard let message = JSONValue.parse(line), let id = message["id"]?.number else {
        fail("stdout carries something that is not a JSON-RPC response: \(line.prefix(200))")
        continue
      }
      responses[Int(id)] = message
    }
    let initialize = responses[1]?["result"]
    if initialize?["protocolVersion"]?.string != "2025-06-18" {
      fail("initialize did not answer protocolVersion 2025-06-18")
    }
    if initialize?["capabilities"]?["tools"] == nil {
      fail("initialize did not declare the tools capability")
    }
    if responses[3]?["error"]?["code"]?.number != -32601 {
      fail("an unknown method did not get the JSON-RPC error -32601")
    }
    guard let tools = responses[2]?["result"]?["tools"]?.array else {
      fail("tools/list did not answer a tools array")
      return Outcome(declaredTools: nil, findings: findings)
    }
    let declared = tools.compactMap { $0["name"]?.string }
    findings += Self.compare(declared: tools, with: entry)
    return Outcome(declaredTools: declared, findings: findings)
  }

  /// The declared tools, names and schemas, must be exactly the catalog's.
  static func compare(declared: [JSONValue], with entry: CapabilityEntry) -> [ValidationFinding] {
    var findings: [ValidationFinding] = []
    let names = declared.compactMap { $0["name"]?.string }
    let expected = entry.functionNames
    for extra in names where !expected.contains(extra) {
      findings.append(
        ValidationFinding(
          rule: .toolsMismatch, line: nil,
          message: "the server declares \(extra), which the \(entry.name) catalog entry does not"))
    }
    for missing in expected where !names.contains(missing) {
      findings.append(
        ValidationFinding(
          rule: .toolsMismatch, line: nil, message: "the server does not declare \(missing)"))
    }
    for function in entry.functions {
      guard let tool = declared.first(where: { $0["name"]?.string == function.name }) else {
        continue
      }
      if tool["inputSchema"] != JSONValue.of(function.inputSchema) {
        findings.append(
          ValidationFinding(
            rule: .toolsMismatch, line: nil,
            message: "\(function.name) declares an input schema other than the catalog's"))
      }
    }
    return findings
  }
}
