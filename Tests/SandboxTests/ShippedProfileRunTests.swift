import Foundation
import Glibc
import Testing

@testable import Sandbox

/// The shipped profiles are only as good as the programs they let run: each is
/// exercised here with the real program it was traced from.
@Suite("The shipped profiles run their programs")
struct ShippedProfileRunTests {
  static func run(_ profile: String, _ argv: [String]) throws -> SandboxResult {
    let resolved = try ProfileSource.resolve(profile, workspace: nil)
    // kube-gateway profiles need a gateway; these runs make no request, so it only closes.
    let gateway = GatewayPort(port: 8001) { close($0) }
    return try SandboxLauncher.run(
      SandboxRequest(argv: argv, profile: resolved.profile, gateway: gateway))
  }

  @Test("strict runs /usr/bin/true and nothing else")
  func strictRunsTrue() throws {
    let result = try Self.run("strict", ["/usr/bin/true"])
    #expect(result.ending == .exited(code: 0), "\(result.ending) \(result.stderr.text)")
    #expect(throws: SandboxError.self) { try Self.run("strict", ["/usr/bin/python3"]) }
  }

  @Test(
    "python-mcp-tool runs a stdlib JSON program, with or without -I -S",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
  func pythonRuns() throws {
    for flags in [[], ["-I", "-S"]] {
      let result = try Self.run(
        "python-mcp-tool",
        ["/usr/bin/python3"] + flags + [
          "-c", "import json, subprocess; print(json.dumps({'ok': 1}))",
        ])
      #expect(result.ending == .exited(code: 0), "\(flags): \(result.ending) \(result.stderr.text)")
      #expect(result.stdout.text == "{\"ok\": 1}\n")
    }
  }

  @Test(
    "python-mcp-tool lets Python shrink a large buffer (realloc uses mremap)",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
  func pythonShrinksBuffers() throws {
    let script = "b = bytearray(8 << 20)\ndel b[100:]\nprint(len(b))"
    let result = try Self.run("python-mcp-tool", ["/usr/bin/python3", "-I", "-S", "-c", script])
    #expect(result.ending == .exited(code: 0), "\(result.ending) \(result.stderr.text)")
    #expect(result.stdout.text == "100\n")
  }

  @Test(
    "python-mcp-tool has no socket at all: creating one kills the tool",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
  func pythonHasNoNetwork() throws {
    let result = try Self.run(
      "python-mcp-tool",
      [
        "/usr/bin/python3", "-c",
        "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)",
      ])
    #expect(result.ending == .killedBySeccomp)
  }

  @Test(
    "kubectl-readonly runs kubectl version --client",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
  func kubectlRuns() throws {
    let result = try Self.run(
      "kubectl-readonly", ["/usr/bin/kubectl", "version", "--client", "-o", "json"])
    #expect(result.ending == .exited(code: 0), "\(result.ending) \(result.stderr.text)")
    #expect(result.stdout.text.contains("clientVersion"))
  }
}
