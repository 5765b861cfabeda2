/// How much an action can hurt, which decides who must agree before it runs.
public enum RiskLevel: String, Codable, Sendable, CaseIterable, Comparable {
  /// Read-only or otherwise harmless: runs without asking.
  case green
  /// Reversible changes such as drafting code: a person decides in production.
  case yellow
  /// The agent gains new powers (deploying a tool): a person decides, always.
  case red

  public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool {
    lhs.rank < rhs.rank
  }

  private var rank: Int {
    switch self {
    case .green: 0
    case .yellow: 1
    case .red: 2
    }
  }

  /// One sentence an operator reads next to the level.
  public var explanation: String {
    switch self {
    case .green: "Green: read-only, runs without asking"
    case .yellow:
      "Yellow: a reversible change; a person approves in production, dev and staging auto-approve"
    case .red: "Red: the agent gains new powers; a person must approve, in every environment"
    }
  }
}

/// Where the workspace runs; production is the default because it is the safe one.
public enum DeploymentEnvironment: String, Codable, Sendable, CaseIterable {
  case dev
  case staging
  case production
}

/// Who has to agree before an action of some risk runs.
public enum ApprovalRequirement: String, Sendable, Equatable {
  /// Runs without a request.
  case none
  /// A request is recorded and approved by the environment policy, visibly as such.
  case automatic
  /// A request waits for a person.
  case person
}

/// The mapping from risk to requirement for one environment. It has no
/// override on purpose: no flag, config key or environment variable reaches it,
/// so Red always needs a person.
public struct EnvironmentPolicy: Sendable, Equatable {
  public let environment: DeploymentEnvironment

  public init(environment: DeploymentEnvironment) {
    self.environment = environment
  }

  public func requirement(for risk: RiskLevel) -> ApprovalRequirement {
    switch (risk, environment) {
    case (.green, _): .none
    case (.yellow, .production): .person
    case (.yellow, .dev), (.yellow, .staging): .automatic
    case (.red, _): .person
    }
  }

  /// Why the requirement applies, for prompts and `approvals show`.
  public func reason(for risk: RiskLevel) -> String {
    switch requirement(for: risk) {
    case .none: "\(risk.explanation)"
    case .automatic:
      "\(risk.explanation); this workspace is \(environment.rawValue), so it is auto-approved"
        + " and recorded"
    case .person:
      "\(risk.explanation); this workspace is \(environment.rawValue), so a person must decide"
    }
  }

  /// The name recorded as the decider of an automatic approval.
  var automaticDecider: String { "policy:\(environment.rawValue)" }
}
