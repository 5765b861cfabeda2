import Foundation
import Yams

/// `.meta-agent/config.yaml`: the environment and the approver's name. Unknown
/// keys are refused rather than ignored, so a line like `auto_approve_red: true`
/// cannot look as if it did something.
public struct WorkspaceConfig: Sendable, Equatable {
  public var environment: DeploymentEnvironment
  /// The name recorded when a person on this workspace approves or denies.
  public var approver: String

  public static let knownKeys = ["environment", "approver"]

  public init(environment: DeploymentEnvironment = .production, approver: String) {
    self.environment = environment
    self.approver = approver
  }

  public var policy: EnvironmentPolicy { EnvironmentPolicy(environment: environment) }

  var yaml: String {
    """
    # meta-agent workspace configuration.
    # environment: dev | staging | production (production asks a person for Yellow and Red).
    # Red actions (deploying a tool) always need a person; no setting changes that.
    environment: \(environment.rawValue)
    # The name recorded when you approve or deny from this workspace.
    approver: \(approver)

    """
  }

  public static func parse(_ text: String, path: String) throws -> WorkspaceConfig {
    let node: Any?
    do {
      node = try Yams.load(yaml: text)
    } catch {
      throw GovernanceError.invalidConfig(
        path: path,
        reason: "not valid YAML (\(String("\(error)".split(separator: "\n").first ?? "")))")
    }
    guard let map = node as? [String: Any] else {
      throw GovernanceError.invalidConfig(
        path: path, reason: "expected a mapping with keys \(knownKeys.joined(separator: ", "))")
    }
    for key in map.keys.sorted() where !knownKeys.contains(key) {
      throw GovernanceError.invalidConfig(
        path: path,
        reason: "unknown key '\(key)' (known: \(knownKeys.joined(separator: ", "))); "
          + "remove it (Red approvals can never be skipped by configuration)")
    }
    guard let envText = map["environment"].map({ "\($0)" }) else {
      throw GovernanceError.invalidConfig(
        path: path, reason: "missing 'environment' (dev, staging or production)")
    }
    guard let environment = DeploymentEnvironment(rawValue: envText) else {
      throw GovernanceError.invalidConfig(
        path: path, reason: "environment '\(envText)' is not one of dev, staging, production")
    }
    guard let approver = map["approver"].map({ "\($0)" }), !approver.isEmpty else {
      throw GovernanceError.invalidConfig(path: path, reason: "missing 'approver' (your name)")
    }
    return WorkspaceConfig(environment: environment, approver: approver)
  }
}
