import Governance

/// The classifier's answer for one request: what it is, how risky, who handles it, and why.
public struct Classification: Codable, Sendable, Equatable {
  /// The request exactly as given.
  public var request: String
  public var intent: Intent
  public var risk: RiskLevel
  public var route: Route
  public var targets: RequestTargets
  /// Every rule that fired, in decision order; each lists its words in request order.
  public var evidence: [ClassificationEvidence]
  /// Set exactly when the route is `refuseChange`.
  public var changeAdvice: ChangeAdvice?
  /// One line for the banner.
  public var summary: String

  public init(
    request: String, intent: Intent, risk: RiskLevel, route: Route, targets: RequestTargets,
    evidence: [ClassificationEvidence], changeAdvice: ChangeAdvice?, summary: String
  ) {
    self.request = request
    self.intent = intent
    self.risk = risk
    self.route = route
    self.targets = targets
    self.evidence = evidence
    self.changeAdvice = changeAdvice
    self.summary = summary
  }

  /// The evidence of one rule, if it fired.
  public func evidence(for rule: String) -> ClassificationEvidence? {
    evidence.first { $0.rule == rule }
  }
}
