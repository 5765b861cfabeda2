import Foundation
import Sandbox
import Testing

@testable import Toolsmith

/// What the toolsmith tests share: the sandbox is needed for anything that runs Python.
enum Support {
  static let hasPython = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

  static func profile() throws -> SandboxProfile {
    try ProfileSource.resolve("python-mcp-tool", workspace: nil).profile
  }

  static func validate(_ code: String, _ entry: CapabilityEntry) throws -> ValidationReport {
    try ToolValidator(profile: profile()).validate(code: code, entry: entry)
  }

  /// The rendered kubectl code with one line replaced, for hostile variants.
  static func kubectlCode(replacing old: String, with new: String) throws -> String {
    let code = try ToolRenderer.render(KubectlCapability.entry).code
    precondition(code.contains(old), "the template no longer contains \(old)")
    return code.replacingOccurrences(of: old, with: new)
  }

  /// Runs a Python MCP-client driver (through /usr/bin/env, so PATH's python3
  /// with the `mcp` package) and returns the JSON object it printed; a failure
  /// is recorded with the driver's stderr and yields an empty report.
  static func runPythonClient(_ arguments: [String]) throws -> [String: Any] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let problems = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
      let report = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    else {
      Issue.record("the MCP client failed: \(String(decoding: problems, as: UTF8.self))")
      return [:]
    }
    return report
  }

  /// A directory the sandbox's unprivileged user can read.
  static func readableDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "toolsmith-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(
      atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    return path
  }

  static func write(_ text: String, to path: String, mode: Int = 0o644) {
    _ = FileManager.default.createFile(
      atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
  }

  /// The JSON-RPC responses a dry run printed, by id.
  static func responses(_ result: SandboxResult) -> [Int: JSONValue] {
    var byID: [Int: JSONValue] = [:]
    for line in result.stdout.text.split(separator: "\n") {
      if let message = JSONValue.parse(line), let id = message["id"]?.number {
        byID[Int(id)] = message
      }
    }
    return byID
  }

  /// The tool's JSON payload inside a tools/call result.
  static func payload(_ response: JSONValue?) -> JSONValue? {
    guard let text = response?["result"]?["content"]?.array?.first?["text"]?.string else {
      return nil
    }
    return JSONValue.parse(text)
  }
}
