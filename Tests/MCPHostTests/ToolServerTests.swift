import Foundation
import MCP
import Testing

@testable import MCPHost

@Suite("A tool server runs in its sandbox and is talked to over MCP")
struct ToolServerTests {
  let limits = ToolServerLimits(startSeconds: 10, callSeconds: 3, maxMessageBytes: 1 << 20)

  @Test("the handshake, tools/list with schemas and a call work")
  func handshakeListAndCall() async throws {
    let directory = try EchoToolsFixture.install()
    let connection = try await ToolServerConnection.start(
      try EchoToolsFixture.spec(directory: directory), limits: limits)
    defer { connection.stop() }

    #expect(connection.serverInfo.name == "echo-tools")
    #expect(connection.tools.map(\.name) == ["echo", "misbehave"])
    let schema = try #require(connection.tools.first?.inputSchema.objectValue)
    #expect(schema["required"] == .array([.string("text")]))

    let result = try await connection.callTool("echo", arguments: ["text": "hello sandbox"])
    #expect(result.text == "hello sandbox")
    #expect(!result.isError)
  }

  @Test("a JSON-RPC error is a typed refusal and the session stays usable")
  func jsonRPCErrorKeepsSession() async throws {
    let server = ToolServer(
      try EchoToolsFixture.spec(directory: try EchoToolsFixture.install()), limits: limits)
    await #expect(
      throws: ToolServerError.serverRejected(code: -32602, message: "unknown tool: nope")
    ) {
      _ = try await server.callTool("nope")
    }
    #expect(
      try await server.callTool("echo", arguments: ["text": "still here"]).text == "still here")
    #expect(await server.restarts == 0)
    await server.stop()
  }

  @Test(
    "each bad-server mode gives its typed error within the timeout, and the next call restarts it",
    arguments: ["garbage", "hang", "exit", "huge", "wrong-shape"])
  func badServerThenRestart(how: String) async throws {
    let server = ToolServer(
      try EchoToolsFixture.spec(directory: try EchoToolsFixture.install()), limits: limits)
    _ = try await server.tools()

    let clock = ContinuousClock()
    var caught: ToolServerError?
    let elapsed = await clock.measure {
      do {
        _ = try await server.callTool("misbehave", arguments: ["how": .string(how)])
      } catch {
        caught = error as? ToolServerError
      }
    }
    #expect(elapsed < .seconds(limits.callSeconds + 2))
    let error = try #require(caught)
    switch (how, error) {
    case ("garbage", .protocolViolation(let excerpt)): #expect(excerpt.contains("not json"))
    case ("hang", .timedOut(let operation, _)): #expect(operation == "tools/call misbehave")
    case ("exit", .serverExited(let ending, let stderr)):
      #expect(ending.contains("3"))
      #expect(stderr.contains("exiting mid-call"))
    case ("huge", .answerTooLarge(let limit)): #expect(limit == limits.maxMessageBytes)
    case ("wrong-shape", .protocolViolation): break
    default: Issue.record("\(how) gave \(error)")
    }

    let after = try await server.callTool("echo", arguments: ["text": "back"])
    #expect(after.text == "back")
    #expect(await server.restarts == 1)
    await server.stop()
  }

  @Test("a server that dies at start is a typed error, not a hang")
  func serverDiesAtStart() async throws {
    let spec = try EchoToolsFixture.spec(
      directory: try EchoToolsFixture.install(), flags: ["--exit-at-start"])
    await #expect {
      _ = try await ToolServerConnection.start(spec, limits: limits)
    } throws: { error in
      guard case .serverExited = error as? ToolServerError else { return false }
      return true
    }
  }

  @Test("a tool directory that does not exist is a start failure from the sandbox")
  func missingToolDirectory() async throws {
    let spec = try EchoToolsFixture.spec(directory: "/nonexistent/mcp-host-tool")
    await #expect {
      _ = try await ToolServerConnection.start(spec, limits: limits)
    } throws: { error in
      guard case .startFailed = error as? ToolServerError else { return false }
      return true
    }
  }

  @Test("a server that refuses the handshake is a typed error and is not left running")
  func serverRefusesHandshake() async throws {
    let spec = try EchoToolsFixture.spec(
      directory: try EchoToolsFixture.install(), flags: ["--refuse-initialize"])
    await #expect(throws: ToolServerError.serverRejected(code: -32010, message: "not today")) {
      _ = try await ToolServerConnection.start(spec, limits: limits)
    }
  }

  @Test("a failed restart says that the server had stopped and why the restart failed")
  func restartFailureIsExplained() async throws {
    let directory = try EchoToolsFixture.install()
    let server = ToolServer(try EchoToolsFixture.spec(directory: directory), limits: limits)
    _ = try? await server.callTool("misbehave", arguments: ["how": "exit"])
    try EchoToolsFixture.replace(in: directory, with: "import sys\nsys.exit(2)\n")

    await #expect {
      _ = try await server.callTool("echo", arguments: ["text": "again"])
    } throws: { error in
      guard case .restartFailed(let previous, let cause) = error as? ToolServerError else {
        return false
      }
      return previous.contains("ended") && cause.contains("ended")
    }
  }
}

@Suite("One tool server serves concurrent callers")
struct ConcurrentCallTests {
  @Test("calls in flight together each get their own answer from a single server")
  func concurrentCallsShareOneServer() async throws {
    let server = ToolServer(try EchoToolsFixture.spec(directory: try EchoToolsFixture.install()))
    let answers = try await withThrowingTaskGroup(of: String.self) { group in
      for index in 0..<8 {
        group.addTask {
          try await server.callTool("echo", arguments: ["text": .string("call \(index)")]).text
        }
      }
      return try await group.reduce(into: Set<String>()) { $0.insert($1) }
    }
    #expect(answers == Set((0..<8).map { "call \($0)" }))
    #expect(await server.starts == 1)
    await server.stop()
  }
}

@Suite("A session nobody holds does not leave its server behind")
struct AbandonedSessionTests {
  @Test("dropping the last reference to a session kills its server")
  func droppedSessionKillsServer() async throws {
    var connection: ToolServerConnection? = try await ToolServerConnection.start(
      try EchoToolsFixture.spec(directory: try EchoToolsFixture.install()))
    let pid = try #require(connection?.processID)
    #expect(kill(pid, 0) == 0)
    connection = nil

    let deadline = ContinuousClock.now + .seconds(3)
    while kill(pid, 0) == 0 && ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(20))
    }
    #expect(kill(pid, 0) == -1 && errno == ESRCH)
  }
}
