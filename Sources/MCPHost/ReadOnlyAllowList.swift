/// The functions a caller has judged read-only, per tool server; nothing
/// else is ever forwarded to a server.
public struct ReadOnlyAllowList: Sendable, Equatable {
  private let functions: [String: Set<String>]

  /// `functions` maps a tool server's name to the functions it may be asked to run.
  public init(_ functions: [String: Set<String>]) {
    self.functions = functions
  }

  public func permits(server: String, function: String) -> Bool {
    functions[server]?.contains(function) ?? false
  }
}
