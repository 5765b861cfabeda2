import Governance
import Toolsmith

public enum Intent: String, Codable, Sendable, CaseIterable {
  case diagnosis, query, change, deploy, delete, unknown
}
public struct ClassificationEvidence: Codable, Sendable, Equatable {
  public var rule: String
  public var matched: [String]
  public var explanation: String
}
public enum Route: String, Codable, Sendable, CaseIterable {
  case kubernetesDiagnosis = "kubernetes-diagnosis"
  case kubernetesQuery = "kubernetes-query"
  case logReader = "log-reader"
  case refuseChange = "refuse-change"
  case unsupported
}
public struct TargetResource: Codable, Sendable, Equatable {
  public var kind: String
  public var name: String
}
public struct RequestTargets: Codable, Sendable, Equatable {
  public var namespace: String?
  public var allNamespaces: Bool
  public var resources: [TargetResource]
  public var clusterHint: String?
}
public struct ChangeAdvice: Codable, Sendable, Equatable {
  public var reason: String
  public var commands: [String]
  public init(reason: String, commands: [String]) {
    self.reason = reason
    self.commands = commands
  }
}
public struct Classification: Codable, Sendable, Equatable {
  public var request: String
  public var intent: Intent
  public var risk: RiskLevel
  public var route: Route
  public var targets: RequestTargets
  public var evidence: [ClassificationEvidence]
  public var changeAdvice: ChangeAdvice?
  public var summary: String
}
public struct RequestClassifier: Sendable {
  public init(catalog: CapabilityCatalog = .standard) {}
  public func classify(_ request: String) -> Classification {
    Classification(
      request: request, intent: .diagnosis, risk: .green, route: .kubernetesDiagnosis,
      targets: RequestTargets(
        namespace: nil, allNamespaces: false, resources: [], clusterHint: nil), evidence: [],
      changeAdvice: nil, summary: "stub")
  }
}
