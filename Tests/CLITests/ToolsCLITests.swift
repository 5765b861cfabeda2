import Foundation
import Testing

/// `meta-agent tools` as an operator uses it: list, verify, remove under the environment policy.
@Suite("The tools commands")
struct ToolsCLITests {
  static func workspace(_ environment: String) throws -> URL {
    let dir = URL(fileURLWithPath: "/tmp/meta-agent-tools-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let result = try metaAgent(["init", "--env", environment, "--approver", "alice"], in: dir)
    #expect(result.status == 0, "\(result.stderr)")
    return dir
  }

  @Test("an empty workspace lists no tools, and a tool without a signed manifest fails verify")
  func listAndVerify() throws {
    let dir = try Self.workspace("dev")
    defer { try? FileManager.default.removeItem(at: dir) }
    let empty = try metaAgent(["tools"], in: dir)
    #expect(empty.status == 0)
    #expect(empty.stdout.contains("no tools installed"), "\(empty.stdout)")
    try "print(1)\n".write(
      to: dir.appendingPathComponent("mcp_servers/rogue_tools.py"), atomically: true,
      encoding: .utf8)
    let verify = try metaAgent(["tools", "verify"], in: dir)
    #expect(verify.status == 1)
    #expect(verify.stderr.contains("rogue_tools.manifest.json is missing"), "\(verify.stderr)")
  }

  @Test("removing is Yellow: automatic and recorded in dev, waiting for a person in production")
  func removeFollowsThePolicy() throws {
    for (environment, expected) in [("dev", Int32(0)), ("production", Int32(3))] {
      let dir = try Self.workspace(environment)
      defer { try? FileManager.default.removeItem(at: dir) }
      let code = dir.appendingPathComponent("mcp_servers/rogue_tools.py")
      try "print(1)\n".write(to: code, atomically: true, encoding: .utf8)
      let removed = try metaAgent(["tools", "remove", "rogue"], in: dir)
      #expect(removed.status == expected, "\(environment): \(removed.stdout)\(removed.stderr)")
      #expect(FileManager.default.fileExists(atPath: code.path) == (environment == "production"))
      if environment == "production" {
        #expect(removed.stderr.contains("waiting for approval"))
      } else {
        #expect(removed.stdout.contains("policy:dev"), "\(removed.stdout)")
      }
    }
  }
}
