import Foundation
import Testing

/// `meta-agent mcp serve` driven by the official Python MCP client (PyPI `mcp`).
@Suite("CLI mcp serve")
struct MCPServeCLITests {
  static let hasClient: Bool = {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = ["python3", "-c", "import mcp.client.stdio"]
    probe.standardOutput = FileHandle.nullDevice
    probe.standardError = FileHandle.nullDevice
    guard (try? probe.run()) != nil else { return false }
    probe.waitUntilExit()
    return probe.terminationStatus == 0
  }()

  /// initialize, list_tools, one call; prints a JSON report.
  static let driver = """
    import asyncio, json, sys
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    async def main():
        server = StdioServerParameters(command=sys.argv[1], args=["mcp", "serve", "--workspace", sys.argv[2]])
        async with stdio_client(server) as (read, write):
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                tools = await session.list_tools()
                result = await session.call_tool(sys.argv[3], json.loads(sys.argv[4]))
                print(json.dumps({
                    "server": init.server_info.name,
                    "tools": sorted(t.name for t in tools.tools),
                    "is_error": result.is_error,
                    "text": result.content[0].text if result.content else "",
                }))

    asyncio.run(main())
    """

  @Test(
    "an MCP client lists the deployed tools and calls one through meta-agent mcp serve",
    .enabled(if: hasClient))
  func serveOverStdio() throws {
    let workspace = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-mcp-serve-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: workspace) }
    let initialized = try metaAgent(
      ["init", "--approver", "alice", workspace.path], in: FileManager.default.temporaryDirectory)
    try #require(initialized.status == 0, "\(initialized.stderr)")
    // No tool deployed: the server still speaks MCP, offers nothing and refuses calls.
    let driverPath = workspace.appendingPathComponent("driver.py").path
    try Self.driver.write(toFile: driverPath, atomically: true, encoding: .utf8)
    let report = try Self.drive(driverPath, workspace: workspace, call: "logfile_list")
    #expect(report["server"] as? String == "meta-agent")
    #expect(report["tools"] as? [String] == [])
    #expect(report["is_error"] as? Bool == true)
    #expect((report["text"] as? String)?.hasPrefix("refused:") == true)
  }

  @Test("requests piped in before EOF are all answered before the server exits")
  func answersBeforeExit() throws {
    let workspace = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-mcp-pipe-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: workspace) }
    let initialized = try metaAgent(
      ["init", "--approver", "alice", workspace.path], in: FileManager.default.temporaryDirectory)
    try #require(initialized.status == 0, "\(initialized.stderr)")
    let requests =
      [
        #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
        #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
        #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"nope","arguments":{}}}"#,
      ].joined(separator: "\n") + "\n"
    let process = Process()
    process.executableURL = binary
    process.arguments = ["mcp", "serve", "--workspace", workspace.path]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    input.fileHandleForWriting.write(Data(requests.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let ids = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
      (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? Int
    }
    #expect(ids.sorted() == [1, 2, 3], "\(String(decoding: data, as: UTF8.self))")
  }

  static func drive(_ driver: String, workspace: URL, call tool: String) throws -> [String: Any] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", driver, binary.path, workspace.path, tool, "{}"]
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
}
