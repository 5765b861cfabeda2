/// What the agent says instead of changing a cluster: why not, and what a person could run.
public struct ChangeAdvice: Codable, Sendable, Equatable {
  /// Read-only by design, in one or two sentences.
  public var reason: String
  /// Commands an operator could run with their own credentials, in request order; a
  /// `<PLACEHOLDER>` stands for anything the request did not name.
  public var commands: [String]

  public init(reason: String, commands: [String]) {
    self.reason = reason
    self.commands = commands
  }
}
