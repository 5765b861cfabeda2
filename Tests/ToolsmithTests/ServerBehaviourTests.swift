import Foundation
import Sandbox
import Testing

@testable import Toolsmith

@Suite("The generated servers speak JSON-RPC and stay inside their limits, in the sandbox")
struct ServerBehaviourTests {
  @Test(
    "JSON-RPC errors: parse -32700, invalid request -32600, unknown method -32601, bad params -32602",
    .enabled(if: Support.hasPython))
  func jsonRPCErrors() throws {
    let rendered = try ToolRenderer.render(KubectlCapability.entry)
    let result = try ToolDryRun(profile: Support.profile()).run(
      code: rendered.code, fileName: rendered.fileName,
      requests: [
        "{not json",
        #"{"jsonrpc":"1.0","id":1,"method":"ping"}"#,
        #"{"jsonrpc":"2.0","id":2,"method":"resources/list"}"#,
        #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"kubectl_get_logs","arguments":{"pod":"--all"}}}"#,
        #"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"kubectl_delete_pod","arguments":{}}}"#,
        #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"kubectl_get_pods","arguments":{"namespace":"shop"}}}"#,
      ])
    #expect(result.ending == .exited(code: 0), "\(result.stderr.text)")
    let lines = result.stdout.text.split(separator: "\n").compactMap { JSONValue.parse($0) }
    #expect(lines.first?["error"]?["code"]?.number == -32700)
    let byID = Support.responses(result)
    #expect(byID[1]?["error"]?["code"]?.number == -32600)
    #expect(byID[2]?["error"]?["code"]?.number == -32601)
    #expect(byID[3]?["error"]?["code"]?.number == -32602)
    #expect(byID[4]?["error"]?["code"]?.number == -32602)
    // kubectl is not bound in python-mcp-tool: the call answers a structured error, not a crash.
    #expect(byID[5]?["result"]?["isError"] == .bool(true))
    #expect(Support.payload(byID[5])?["status"]?.string == "error")
  }

  @Test(
    "the logfile tool tails allowed files and refuses a ../ escape",
    .enabled(if: Support.hasPython))
  func logfileConfinement() throws {
    let logs = try Support.readableDirectory()
    defer { try? FileManager.default.removeItem(atPath: logs) }
    Support.write("one\ntwo\nthree\n", to: logs + "/app.log")
    var entry = LogfileCapability.entry
    entry.allowedDirectories = ["/logs"]
    let rendered = try ToolRenderer.render(entry)
    let call = { (id: Int, arguments: String) in
      #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"logfile_tail","arguments":\#(arguments)}}"#
    }
    let result = try ToolDryRun(profile: Support.profile()).run(
      code: rendered.code, fileName: rendered.fileName,
      requests: [
        call(1, #"{"path":"app.log","lines":2}"#),
        call(2, #"{"path":"../etc/passwd"}"#),
        call(3, #"{"path":"/logs/../tool/logfile_tools.py"}"#),
        call(4, #"{"path":"/tool/logfile_tools.py"}"#),
        #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"logfile_list","arguments":{}}}"#,
      ],
      extraReadOnly: [SandboxProfile.Bind(logs, at: "/logs")])
    #expect(result.ending == .exited(code: 0), "\(result.stderr.text)")
    let byID = Support.responses(result)
    #expect(Support.payload(byID[1])?["lines"] == .array([.string("two"), .string("three")]))
    for id in 2...4 {
      let payload = Support.payload(byID[id])
      #expect(payload?["status"]?.string == "error")
      #expect(
        payload?["message"]?.string?.hasPrefix("refused:") == true, "\(String(describing: payload))"
      )
    }
    #expect(Support.payload(byID[5])?["count"]?.number == 1)
  }
}
