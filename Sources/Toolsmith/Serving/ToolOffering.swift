/// What one verified tool offers, from its own server's tools/list, or why it
/// offers nothing right now (its server would not start, its entry is unknown).
public struct ToolOffering: Sendable, Equatable {
  public var name: String
  /// The read-only functions its server declared, in the server's order.
  public var functions: [String]
  /// Why the tool is not offered; nil when its server listed its functions.
  public var problem: ServeProblem?

  public init(name: String, functions: [String], problem: ServeProblem? = nil) {
    self.name = name
    self.functions = functions
    self.problem = problem
  }
}

/// One look at every installed tool: the registry's scan (verified tools with
/// their manifests, and its reasons for refusing the rest) and what each verified
/// tool offers.
public struct ToolSurvey: Sendable, Equatable {
  public var scan: RegistryScan
  /// One per verified tool, by name.
  public var offerings: [ToolOffering]

  public init(scan: RegistryScan, offerings: [ToolOffering]) {
    self.scan = scan
    self.offerings = offerings
  }

  public func offering(of tool: String) -> ToolOffering? {
    offerings.first { $0.name == tool }
  }
}
