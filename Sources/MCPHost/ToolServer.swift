import MCP

/// Keeps one tool server available: starts it on first use and, when the
/// session has broken, starts it again once at the next call.
public actor ToolServer {
  public nonisolated let spec: ToolServerSpec
  public nonisolated let limits: ToolServerLimits
  private var connection: ToolServerConnection?
  /// A start in progress, shared so concurrent callers never start two servers.
  private var starting: Task<Result<ToolServerConnection, ToolServerError>, Never>?
  private var lastFailure: ToolServerError?
  /// How many sessions were started, and how many of them replaced a broken one.
  public private(set) var starts = 0
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
    if let starting { return try await starting.value.get() }
    let previous = connection.map { lastFailure ?? $0.brokenBecause }
    connection = nil
    let spec = self.spec
    let limits = self.limits
    let start = Task { () -> Result<ToolServerConnection, ToolServerError> in
      do throws(ToolServerError) {
        return .success(try await ToolServerConnection.start(spec, limits: limits))
      } catch {
        guard let previous else { return .failure(error) }
        let stopped = previous.map(\.description) ?? "it had stopped"
        return .failure(.restartFailed(previous: stopped, cause: error.description))
      }
    }
    starting = start
    let outcome = await start.value
    starting = nil
    let fresh = try outcome.get()
    starts += 1
    if previous != nil { restarts += 1 }
    connection = fresh
    lastFailure = nil
    return fresh
  }
}
