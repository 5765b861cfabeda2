import Foundation
import MCP

/// `meta-agent mcp serve`: the SDK's MCP server in front of a `ToolGateway`.
/// It answers tools/list and tools/call only; everything it offers is read-only.
public struct DeployedToolServer: Sendable {
  public static let serverName = "meta-agent"
  public static let serverVersion = "0.1.0"

  /// How long requests still running at EOF may take to be answered.
  static let drainSeconds = 60.0

  public let gateway: ToolGateway
  /// Where diagnostics go (stderr for stdio serving: stdout carries the protocol).
  private let log: @Sendable (String) -> Void

  public init(gateway: ToolGateway, log: @escaping @Sendable (String) -> Void = { _ in }) {
    self.gateway = gateway
    self.log = log
  }

  /// Serves on `transport` until the client goes away (EOF on stdio), then
  /// stops every tool server.
  public func run(on transport: any Transport) async throws {
    let server = Server(
      name: Self.serverName, version: Self.serverVersion,
      capabilities: Server.Capabilities(tools: Server.Capabilities.Tools(listChanged: false)))
    let gateway = gateway
    let log = log
    await server.withMethodHandler(ListTools.self) { _ in
      let tools = try await gateway.listTools()
      for problem in await gateway.problems { log("not offered: \(problem)") }
      return ListTools.Result(tools: tools)
    }
    await server.withMethodHandler(CallTool.self) { parameters in
      let result = try await gateway.call(parameters.name, arguments: parameters.arguments ?? [:])
      if result.isError == true { log("\(parameters.name): error result") }
      return result
    }
    let answering = AnsweringTransport(transport)
    do {
      try await server.start(transport: answering)
      await server.waitUntilCompleted()
      await answering.drain(within: Self.drainSeconds)
    } catch {
      await gateway.shutdown()
      throw error
    }
    await server.stop()
    await gateway.shutdown()
  }
}
