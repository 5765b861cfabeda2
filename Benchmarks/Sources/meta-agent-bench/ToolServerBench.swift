import Foundation
import Glibc
import MCP
import MCPHost
import Sandbox

/// A stdlib-only MCP server with one tool, `echo`: small, so the numbers show
/// what the sandbox and MCP add rather than what a tool does.
let echoServer = #"""
  import json, sys
  for line in sys.stdin:
      message = json.loads(line)
      if "id" not in message:
          continue
      method, ident = message.get("method"), message["id"]
      if method == "initialize":
          result = {"protocolVersion": message["params"]["protocolVersion"], "capabilities": {"tools": {}},
                    "serverInfo": {"name": "echo", "version": "1"}}
      elif method == "tools/list":
          result = {"tools": [{"name": "echo", "description": "echo",
                               "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}}}]}
      elif method == "tools/call":
          result = {"content": [{"type": "text", "text": message["params"]["arguments"].get("text", "")}]}
      else:
          result = {}
      sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": ident, "result": result}) + "\n")
      sys.stdout.flush()
  """#

/// Cold start and warm call of a sandboxed MCP tool server, against the same
/// server started without sandbox and MCP client, and one JSON-RPC line over a
/// plain pipe to it.
func toolServerBenchmark(iterations: Int) async -> Bool {
  let directory = "/tmp/meta-agent-bench-tool-\(UUID().uuidString.prefix(8))"
  do {
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    defer { try? FileManager.default.removeItem(atPath: directory) }
    _ = FileManager.default.createFile(
      atPath: directory + "/echo_tools.py", contents: Data(echoServer.utf8),
      attributes: [.posixPermissions: 0o644])
    let profile = try ProfileSource.resolve("python-mcp-tool", workspace: nil).profile
    let spec = ToolServerSpec(
      argv: ["/usr/bin/python3", "-I", "-S", "/tool/echo_tools.py"], profile: profile,
      toolDirectory: directory)
    let plainArgv = ["/usr/bin/python3", "-I", "-S", directory + "/echo_tools.py"]
    let runs = max(10, iterations / 5)

    print("MCP tool server: cold start \(runs) times, warm call \(iterations) times (milliseconds;")
    print("ratio = median over the plain case's median).")
    print(padded("case", 44) + "    median        p95  vs plain")
    let plainStart = measure("start, plain python3 (no sandbox, no MCP)", iterations: runs) {
      _ = spawnPlain(plainArgv)
    }
    var samples: [Double] = []
    for _ in 0..<runs {
      let start = now()
      let connection = try await ToolServerConnection.start(spec)
      samples.append(now() - start)
      connection.stop()
    }
    let coldStart = Measurement(
      name: "start, sandbox + MCP handshake + tools/list", samples: samples)
    print(row(plainStart, peer: plainStart))
    print(row(coldStart, peer: plainStart))

    // Warm: one JSON-RPC line over a plain pipe, against tools/call through the SDK.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: plainArgv[0])
    process.arguments = Array(plainArgv.dropFirst())
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let request = Data(
      #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}"#
        .utf8 + [0x0a])
    let plainCall = measure("call, one JSON-RPC line over a plain pipe", iterations: iterations) {
      input.fileHandleForWriting.write(request)
      _ = output.fileHandleForReading.availableData
    }
    try input.fileHandleForWriting.close()
    process.waitUntilExit()

    let connection = try await ToolServerConnection.start(spec)
    defer { connection.stop() }
    samples = []
    for index in 0..<(iterations + 5) {
      let start = now()
      _ = try await connection.callTool("echo", arguments: ["text": .string("hi")])
      if index >= 5 { samples.append(now() - start) }
    }
    let warmCall = Measurement(
      name: "call, tools/call in the sandbox via the SDK", samples: samples)
    print(row(plainCall, peer: plainCall))
    print(row(warmCall, peer: plainCall))
    return true
  } catch {
    print("meta-agent-bench: \(error)")
    return false
  }
}
