import MCP

/// Calls the read-only functions of deployed tools (each in its sandbox, audited).
/// `DeployedTools` is the real one; the collector depends only on this.
public protocol ToolCaller: Sendable {
  /// The functions on offer right now, each with the names of the arguments it takes
  /// (a newer tool may take more: the collector pages only when it can).
  func functions() async throws -> [String: Set<String>]
  func call(_ function: String, arguments: [String: Value]) async throws -> CallTool.Result
}

extension CallTool.Result {
  /// The text parts joined: the tools answer one JSON document.
  var joinedText: String {
    content.compactMap {
      if case .text(let text, _, _) = $0 { return text }
      return nil
    }.joined(separator: "\n")
  }
}
