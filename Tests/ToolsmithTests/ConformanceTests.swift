import Foundation
import Testing

@testable import Toolsmith

/// The generated servers against the official MCP client (PyPI `mcp`), so
/// "speaks MCP" is judged by the reference implementation, not by our own code.
@Suite("Conformance with the official Python MCP client")
struct ConformanceTests {
  /// The Python on PATH that has the `mcp` package (scripts/setup installs it).
  static let client: String? = {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = ["python3", "-c", "import mcp.client.stdio"]
    probe.standardOutput = FileHandle.nullDevice
    probe.standardError = FileHandle.nullDevice
    guard (try? probe.run()) != nil else { return nil }
    probe.waitUntilExit()
    return probe.terminationStatus == 0 ? "python3" : nil
  }()

  /// Drives a server over stdio: initialize, list_tools, call_tool; prints JSON.
  static let driver = """
    import asyncio, json, sys
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    async def main():
        server = StdioServerParameters(command="/usr/bin/python3", args=["-I", "-S", sys.argv[1]])
        async with stdio_client(server) as (read, write):
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                tools = await session.list_tools()
                name = sys.argv[2]
                result = await session.call_tool(name, json.loads(sys.argv[3]))
                def field(obj, snake, camel):  # the client renamed fields in 2.x
                    return getattr(obj, snake, None) if hasattr(obj, snake) else getattr(obj, camel)
                print(json.dumps({
                    "server": field(init, "server_info", "serverInfo").name,
                    "protocol": field(init, "protocol_version", "protocolVersion"),
                    "tools": sorted(t.name for t in tools.tools),
                    "schemas": all(field(t, "input_schema", "inputSchema").get("type") == "object"
                                   for t in tools.tools),
                    "isError": field(result, "is_error", "isError"),
                    "text": result.content[0].text if result.content else "",
                }))

    asyncio.run(main())
    """

  static func drive(_ entry: CapabilityEntry, call tool: String, arguments: String) throws
    -> [String: Any]
  {
    let directory = try Support.readableDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let rendered = try ToolRenderer.render(entry)
    let server = directory + "/" + rendered.fileName
    Support.write(rendered.code, to: server)
    Support.write(driver, to: directory + "/driver.py")
    return try Support.runPythonClient(
      [client ?? "python3", directory + "/driver.py", server, tool, arguments])
  }

  @Test(
    "the kubectl server passes initialize, tools/list and tools/call with the official client",
    .enabled(if: client != nil && Support.hasPython))
  func kubectlConforms() throws {
    let report = try Self.drive(
      KubectlCapability.entry, call: "kubectl_get_pods", arguments: #"{"namespace": "default"}"#)
    #expect(
      report["tools"] as? [String]
        == [
          "kubectl_describe_pod", "kubectl_get_events", "kubectl_get_logs", "kubectl_get_pods",
          "kubectl_get_resources",
        ])
    #expect(report["schemas"] as? Bool == true)
    // No cluster here: the tool answers with its structured error, still a valid MCP result.
    let text = report["text"] as? String ?? ""
    #expect(text.contains("\"status\""), "\(text)")
  }

  @Test(
    "the logfile server passes the same exchange",
    .enabled(if: client != nil && Support.hasPython))
  func logfileConforms() throws {
    let report = try Self.drive(LogfileCapability.entry, call: "logfile_list", arguments: "{}")
    #expect(report["tools"] as? [String] == ["logfile_list", "logfile_tail"])
    #expect(report["schemas"] as? Bool == true)
  }
}
