import Foundation
import MCP
import Sandbox

@testable import MCPHost

/// A stdlib-only Python MCP server for the tests, kept as a Swift string
/// because the package cannot declare a .py file as a resource of this target.
/// `echo` answers; `misbehave` does what its `how` argument says, so a test
/// can break one call and see the next one work after the restart.
enum EchoToolsFixture {
  static let source = #"""
    import json, os, sys, time

    TOOLS = [
        {"name": "echo", "description": "Returns its text.",
         "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}},
                         "required": ["text"]}},
        {"name": "misbehave", "description": "Breaks the protocol on purpose.",
         "inputSchema": {"type": "object",
                         "properties": {"how": {"enum": ["garbage", "hang", "exit", "huge", "wrong-shape"]}},
                         "required": ["how"]}},
    ]

    def send(message):
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    def answer(ident, result):
        send({"jsonrpc": "2.0", "id": ident, "result": result})

    def refuse(ident, code, text):
        send({"jsonrpc": "2.0", "id": ident, "error": {"code": code, "message": text}})

    def misbehave(ident, how):
        if how == "garbage":
            sys.stdout.write("Traceback (most recent call last): not json\n")
            sys.stdout.flush()
        elif how == "hang":
            time.sleep(3600)
        elif how == "exit":
            sys.stderr.write("echo_tools: exiting mid-call\n")
            sys.stderr.flush()
            os._exit(3)
        elif how == "wrong-shape":
            answer(ident, {"content": "not a list"})
        elif how == "huge":
            answer(ident, {"content": [{"type": "text", "text": "x" * (50 * 1024 * 1024)}]})

    if "--exit-at-start" in sys.argv:
        sys.exit(2)

    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError:
            refuse(None, -32700, "parse error")
            continue
        ident, method = request.get("id"), request.get("method")
        params = request.get("params") or {}
        if ident is None:
            continue  # a notification such as notifications/initialized
        if method == "initialize" and "--refuse-initialize" in sys.argv:
            refuse(ident, -32010, "not today")
        elif method == "initialize":
            answer(ident, {"protocolVersion": params.get("protocolVersion", "2025-06-18"),
                           "capabilities": {"tools": {}},
                           "serverInfo": {"name": "echo-tools", "version": "1.0"}})
        elif method == "tools/list":
            answer(ident, {"tools": TOOLS})
        elif method == "tools/call":
            name, arguments = params.get("name"), params.get("arguments") or {}
            if name == "echo":
                answer(ident, {"content": [{"type": "text", "text": str(arguments.get("text", ""))}]})
            elif name == "misbehave":
                misbehave(ident, arguments.get("how"))
            else:
                refuse(ident, -32602, "unknown tool: %s" % name)
        elif method == "ping":
            answer(ident, {})
        else:
            refuse(ident, -32601, "method not found: %s" % method)
    """#

  /// Writes the server into a fresh directory the sandbox user (uid 65534 when
  /// tests run as root) can read, and returns that directory.
  static func install(_ code: String = source) throws -> String {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("mcp-host-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    try replace(in: directory, with: code)
    return directory
  }

  static func replace(in directory: String, with code: String) throws {
    let file = directory + "/echo_tools.py"
    try Data(code.utf8).write(to: URL(fileURLWithPath: file))
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
  }

  static func spec(directory: String, flags: [String] = []) throws -> ToolServerSpec {
    let profile = try ProfileSource.resolve("python-mcp-tool", workspace: nil).profile
    return ToolServerSpec(
      argv: ["/usr/bin/python3", "-I", "-S", "/tool/echo_tools.py"] + flags, profile: profile,
      toolDirectory: directory)
  }
}
