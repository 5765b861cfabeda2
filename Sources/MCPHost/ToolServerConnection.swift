import Foundation
import MCP
import Sandbox

/// One running tool server and the SDK client talking to it: started in its
/// sandbox, initialized, its tools listed. Any failure ends the session for
/// good (the process is killed); `ToolServer` starts a new one.
public final class ToolServerConnection: Sendable {
  /// What the server offers, each tool with its JSON Schema.
  public let tools: [Tool]
  public let serverInfo: Server.Info

  private let process: SandboxedProcess
  private let client: Client
  private let latch: FailureLatch
  private let limits: ToolServerLimits

  private init(
    process: SandboxedProcess, client: Client, latch: FailureLatch, limits: ToolServerLimits,
    serverInfo: Server.Info, tools: [Tool]
  ) {
    self.process = process
    self.client = client
    self.latch = latch
    self.limits = limits
    self.serverInfo = serverInfo
    self.tools = tools
  }

  /// Starts the server, does the MCP handshake and reads tools/list, all
  /// within `limits.startSeconds`.
  public static func start(_ spec: ToolServerSpec, limits: ToolServerLimits = ToolServerLimits())
    async throws(ToolServerError) -> ToolServerConnection
  {
    let process = try await launch(spec)
    let latch = FailureLatch()
    let client = Client(name: "meta-agent", version: "1")
    latch.onTrip {
      process.kill()
      Task { await client.disconnect() }
    }
    let transport = PipeTransport(
      process: process, maxMessageBytes: limits.maxMessageBytes, latch: latch)
    let session = Session(process: process, client: client, latch: latch)
    let info: Server.Info
    let tools: [Tool]
    do {
      (info, tools) = try await session.guarded("the handshake", seconds: limits.startSeconds) {
        let initialized = try await client.connect(transport: transport)
        return (initialized.serverInfo, try await listAllTools(client))
      }
    } catch {
      // Even a polite refusal of the handshake leaves a server nobody can use.
      latch.trip(error)
      throw error
    }
    return ToolServerConnection(
      process: process, client: client, latch: latch, limits: limits, serverInfo: info,
      tools: tools)
  }

  /// Whether the session can still take calls.
  public var isUsable: Bool { latch.reason == nil && process.isRunning }

  /// Why the session ended, once it has.
  public var brokenBecause: ToolServerError? {
    latch.reason ?? (process.isRunning ? nil : .serverExited(ending: "ended", stderr: ""))
  }

  /// Calls one tool within `limits.callSeconds`. A JSON-RPC error leaves the
  /// session usable; a timeout, garbage, an oversize answer or an exit ends it.
  public func callTool(_ name: String, arguments: [String: Value]) async throws(ToolServerError)
    -> ToolCallResult
  {
    let client = self.client
    let session = Session(process: process, client: client, latch: latch)
    return try await session.guarded("tools/call \(name)", seconds: limits.callSeconds) {
      let (content, isError) = try await client.callTool(name: name, arguments: arguments)
      return ToolCallResult(content: content, isError: isError ?? false)
    }
  }

  /// Kills the server; calls in flight fail.
  public func stop() {
    latch.trip(.serverExited(ending: "stopped by the host", stderr: ""))
  }

  /// A session nobody holds must not leave its server running until the wall-clock limit.
  deinit { stop() }

  /// The sandbox's process id on the host, for tests that watch it end.
  var processID: pid_t { process.pid }

  private static func launch(_ spec: ToolServerSpec) async throws(ToolServerError)
    -> SandboxedProcess
  {
    let started: Result<SandboxedProcess, SandboxError> = await onOwnThread {
      do throws(SandboxError) {
        return .success(try SandboxLauncher.start(spec.sandboxRequest))
      } catch {
        return .failure(error)
      }
    }
    switch started {
    case .success(let process): return process
    case .failure(let error): throw .startFailed(detail: "\(error)")
    }
  }

  /// Pages through tools/list; a bound on pages stops a server that never ends the list.
  private static func listAllTools(_ client: Client) async throws -> [Tool] {
    var tools: [Tool] = []
    var cursor: String?
    for _ in 0..<64 {
      let page = try await client.listTools(cursor: cursor)
      tools += page.tools
      guard let next = page.nextCursor else { return tools }
      cursor = next
    }
    return tools
  }
}

/// What a tool returned; `isError` is the tool's own verdict, not a transport failure.
public struct ToolCallResult: Sendable, Equatable {
  public var content: [Tool.Content]
  public var isError: Bool

  /// The text parts joined, which is what stdlib tool servers return.
  public var text: String {
    content.compactMap {
      if case .text(let text, _, _) = $0 { return text }
      return nil
    }.joined(separator: "\n")
  }
}

/// Runs one request against the session under a deadline and turns whatever
/// went wrong into a `ToolServerError`.
private struct Session: Sendable {
  let process: SandboxedProcess
  let client: Client
  let latch: FailureLatch

  func guarded<T: Sendable>(
    _ operation: String, seconds: Double, _ body: @Sendable () async throws -> T
  ) async throws(ToolServerError) -> T {
    if let reason = latch.reason { throw reason }
    let latch = self.latch
    let watchdog = Task {
      try await Task.sleep(for: .seconds(seconds))
      latch.trip(.timedOut(operation: operation, seconds: seconds))
    }
    defer { watchdog.cancel() }
    do {
      return try await body()
    } catch {
      throw await explain(error)
    }
  }

  /// The latch knows the root cause; the SDK's own error only says the client disconnected.
  private func explain(_ error: Error) async -> ToolServerError {
    if let reason = latch.reason {
      guard case .serverExited(let ending, _) = reason, ending == "closed its stdout" else {
        return reason
      }
      let process = self.process
      let result = await onOwnThread { process.wait() }
      return .serverExited(ending: result.ending.description, stderr: Self.tail(result.stderr.text))
    }
    if let mcp = error as? MCPError {
      return .serverRejected(code: mcp.code, message: Self.serverMessage(mcp))
    }
    // Anything else (a decoding failure of a well-formed but wrong answer) breaks the session.
    let violation = ToolServerError.protocolViolation(excerpt: "\(error)")
    latch.trip(violation)
    return violation
  }

  /// The server's own words, without the SDK's prefix for the error code.
  private static func serverMessage(_ error: MCPError) -> String {
    switch error {
    case .parseError(let detail?), .invalidRequest(let detail?), .methodNotFound(let detail?),
      .invalidParams(let detail?), .internalError(let detail?):
      return detail
    case .serverError(_, let message): return message
    default: return error.errorDescription ?? "\(error)"
    }
  }

  private static func tail(_ text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return trimmed.count > 500 ? "…" + String(trimmed.suffix(500)) : trimmed
  }
}

/// Runs blocking work (starting a sandbox, waiting for one) on a thread of its
/// own, so it never holds one of the few cooperative threads.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
  await withCheckedContinuation { done in
    Thread.detachNewThread { done.resume(returning: work()) }
  }
}
