import Foundation
import Governance
import Testing

/// `meta-agent mcp serve` over stdio with a deployed tool, driven by the official
/// Python MCP client. Lives here (not in CLITests) because deploying needs Toolsmith.
@Suite("mcp serve end to end", .serialized)
struct ServeEndToEndTests {
  /// The built `meta-agent`, next to the test bundle.
  static let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    .deletingLastPathComponent().appendingPathComponent("meta-agent")

  static let runnable =
    ConformanceTests.client != nil && Support.hasPython
    && FileManager.default.isExecutableFile(atPath: binary.path)

  /// initialize, list_tools, one call; prints a JSON report (mcp 2.x field names).
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
                    "schemas": all(t.input_schema.get("type") == "object" for t in tools.tools),
                    "is_error": result.is_error,
                    "text": result.content[0].text if result.content else "",
                }))

    asyncio.run(main())
    """

  @Test(
    "an MCP client lists the deployed logfile tool and tails a file through mcp serve",
    .enabled(if: runnable))
  func listAndCall() throws {
    let fixture = try ServeFixture()
    defer { fixture.remove() }
    let report = try drive(
      fixture, call: "logfile_tail", arguments: #"{"path": "app.log", "lines": 2}"#)
    #expect(report["server"] as? String == "meta-agent")
    #expect(report["tools"] as? [String] == ["logfile_list", "logfile_tail"])
    #expect(report["schemas"] as? Bool == true)
    #expect(report["is_error"] as? Bool == false)
    #expect((report["text"] as? String)?.contains("three") == true, "\(report)")
    #expect(try fixture.audit(.toolCall).map(\.subject) == ["logfile.logfile_tail"])
    #expect(try fixture.audit(.toolCall).first?.actor == "mcp-client")
  }

  @Test("a call the catalog does not offer is an error result and audited", .enabled(if: runnable))
  func refusedCall() throws {
    let fixture = try ServeFixture()
    defer { fixture.remove() }
    let report = try drive(fixture, call: "logfile_delete", arguments: #"{"path": "app.log"}"#)
    #expect(report["is_error"] as? Bool == true)
    #expect((report["text"] as? String)?.hasPrefix("refused:") == true, "\(report)")
    #expect(try fixture.audit(.refusedAction).map(\.subject) == ["call logfile_delete"])
  }

  private func drive(_ fixture: ServeFixture, call tool: String, arguments: String) throws
    -> [String: Any]
  {
    let driverPath = fixture.logs + "/driver.py"
    Support.write(Self.driver, to: driverPath)
    return try Support.runPythonClient([
      "python3", driverPath, Self.binary.path, fixture.workspace.root.path, tool, arguments,
    ])
  }
}
