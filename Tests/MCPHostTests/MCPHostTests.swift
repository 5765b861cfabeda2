import Foundation
import MCP
import Testing

@testable import MCPHost

/// Collects the host's call records for the assertions.
final class RecordedCalls: @unchecked Sendable {
  private let lock = NSLock()
  private var records: [ToolCallRecord] = []
  var all: [ToolCallRecord] { lock.withLock { records } }
  func add(_ record: ToolCallRecord) { lock.withLock { records.append(record) } }
}

@Suite("The MCP host forwards only allow-listed calls and reports each one")
struct MCPHostTests {
  @Test("an allow-listed call reaches the server and is recorded with its arguments")
  func allowedCallIsForwardedAndRecorded() async throws {
    let calls = RecordedCalls()
    let host = MCPHost(allowList: ReadOnlyAllowList(["echo": ["echo"]]), onCall: calls.add)
    await host.register(
      "echo", spec: try EchoToolsFixture.spec(directory: EchoToolsFixture.install()))

    #expect(try await host.tools(of: "echo").map(\.name).contains("echo"))
    let result = try await host.call("echo", function: "echo", arguments: ["text": "hi"])
    #expect(result.text == "hi")

    let record = try #require(calls.all.first)
    #expect(record.server == "echo" && record.function == "echo")
    #expect(record.outcome == .answered(isError: false))
    #expect(String(decoding: record.canonicalArguments, as: UTF8.self) == #"{"text":"hi"}"#)
    await host.shutdown()
  }

  @Test("a function off the allow-list is refused without the server being started")
  func offListCallIsRefusedBeforeTheServer() async throws {
    let calls = RecordedCalls()
    let host = MCPHost(allowList: ReadOnlyAllowList(["echo": ["echo"]]), onCall: calls.add)
    // A server that could not even start: a refusal must not depend on reaching it.
    await host.register(
      "echo",
      spec: try EchoToolsFixture.spec(
        directory: EchoToolsFixture.install(), flags: ["--exit-at-start"]))

    await #expect(throws: MCPHostError.notAllowed(server: "echo", function: "misbehave")) {
      _ = try await host.call("echo", function: "misbehave", arguments: ["how": "exit"])
    }
    #expect(calls.all.map(\.outcome) == [.refused])
    await #expect(throws: MCPHostError.unknownServer("kubectl")) {
      _ = try await host.tools(of: "kubectl")
    }
  }

  @Test("a failing server is a typed error for the caller and the host keeps serving")
  func hostSurvivesABadServer() async throws {
    let calls = RecordedCalls()
    let host = MCPHost(
      allowList: ReadOnlyAllowList(["echo": ["echo", "misbehave"]]), onCall: calls.add)
    await host.register(
      "echo", spec: try EchoToolsFixture.spec(directory: EchoToolsFixture.install()),
      limits: ToolServerLimits(callSeconds: 2))

    await #expect {
      _ = try await host.call("echo", function: "misbehave", arguments: ["how": "hang"])
    } throws: { error in
      guard case .server("echo", .timedOut) = error as? MCPHostError else { return false }
      return true
    }
    #expect(try await host.call("echo", function: "echo", arguments: ["text": "ok"]).text == "ok")
    guard case .failed(.timedOut) = calls.all.first?.outcome else {
      Issue.record("the hang was recorded as \(String(describing: calls.all.first?.outcome))")
      return
    }
    await host.shutdown()
  }
}
