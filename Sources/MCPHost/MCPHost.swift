import Foundation
import MCP

/// Why the host did not run a call.
public enum MCPHostError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The function is not on the read-only allow-list; the server never saw the call.
  case notAllowed(server: String, function: String)
  /// No server is registered under that name.
  case unknownServer(String)
  case server(name: String, ToolServerError)

  public var description: String {
    switch self {
    case .notAllowed(let server, let function):
      return "\(server).\(function) is not on the read-only allow-list; it was not called"
    case .unknownServer(let name):
      return "no tool server named \(name) is registered"
    case .server(let name, let error):
      return "\(name): \(error)"
    }
  }
}

/// Runs the agent's tool servers, each in its sandbox, and forwards only
/// allow-listed calls to them, reporting every call to `onCall`.
public actor MCPHost {
  private let allowList: ReadOnlyAllowList
  private let onCall: @Sendable (ToolCallRecord) -> Void
  private var servers: [String: ToolServer] = [:]

  public init(
    allowList: ReadOnlyAllowList, onCall: @escaping @Sendable (ToolCallRecord) -> Void = { _ in }
  ) {
    self.allowList = allowList
    self.onCall = onCall
  }

  /// Registers (or replaces, as a hot reload does) a server; it starts on first use.
  public func register(
    _ name: String, spec: ToolServerSpec, limits: ToolServerLimits = ToolServerLimits()
  ) async {
    await servers[name]?.stop()
    servers[name] = ToolServer(spec, limits: limits)
  }

  /// Stops and forgets a server.
  public func remove(_ name: String) async {
    await servers.removeValue(forKey: name)?.stop()
  }

  public var serverNames: [String] { servers.keys.sorted() }

  /// What a server offers, from its own tools/list.
  public func tools(of name: String) async throws(MCPHostError) -> [Tool] {
    let server = try server(named: name)
    do {
      return try await server.tools()
    } catch {
      throw .server(name: name, error)
    }
  }

  /// Calls `function` on server `name` if the allow-list permits it.
  public func call(_ name: String, function: String, arguments: [String: Value] = [:])
    async throws(MCPHostError) -> ToolCallResult
  {
    let started = Date()
    func record(_ outcome: ToolCallRecord.Outcome) {
      onCall(
        ToolCallRecord(
          server: name, function: function, arguments: arguments, outcome: outcome,
          startedAt: started, seconds: Date().timeIntervalSince(started)))
    }
    guard allowList.permits(server: name, function: function) else {
      record(.refused)
      throw .notAllowed(server: name, function: function)
    }
    let server = try server(named: name)
    do {
      let result = try await server.callTool(function, arguments: arguments)
      record(.answered(isError: result.isError))
      return result
    } catch {
      record(.failed(error))
      throw .server(name: name, error)
    }
  }

  /// Stops every server, as the agent does on exit.
  public func shutdown() async {
    for server in servers.values { await server.stop() }
    servers = [:]
  }

  private func server(named name: String) throws(MCPHostError) -> ToolServer {
    guard let server = servers[name] else { throw .unknownServer(name) }
    return server
  }
}
