import MCP

/// Keeps one tool server available: starts it on first use and, when the
/// session has broken, starts it again once at the next call.
public actor ToolServer {
  public nonisolated let spec: ToolServerSpec
  public nonisolated let limits: ToolServerLimits
  private var connection: ToolServerConnection?
  private var lastFailure: ToolServerError?
  /// How many times a broken session was replaced; a plain fact for audits and tests.
  public private(set) var restarts = 0

  public init(_ spec: ToolServerSpec, limits: ToolServerLimits = ToolServerLimits()) {
    self.spec = spec
    self.limits = limits
  }

  /// The server's tools, starting it if needed.
  public func tools() async throws(ToolServerError) -> [Tool] {
    try await live().tools
  }

  public func callTool(_ name: String, arguments: [String: Value] = [:])
    async throws(ToolServerError)
    -> ToolCallResult
  {
    let session = try await live()
    do {
      return try await session.callTool(name, arguments: arguments)
    } catch {
      if !session.isUsable { lastFailure = error }
      throw error
    }
  }

  /// Kills the server; the next call starts a fresh one.
  public func stop() {
    connection?.stop()
    connection = nil
  }

  /// The current session, or a new one if there is none or it broke.
  private func live() async throws(ToolServerError) -> ToolServerConnection {
    if let connection, connection.isUsable { return connection }
    let previous = connection.map { lastFailure ?? $0.brokenBecause }
    connection = nil
    do {
      let fresh = try await ToolServerConnection.start(spec, limits: limits)
      if previous != nil { restarts += 1 }
      connection = fresh
      lastFailure = nil
      return fresh
    } catch {
      guard let previous else { throw error }
      throw .restartFailed(
        previous: previous.map(\.description) ?? "it had stopped", cause: error.description)
    }
  }
}
