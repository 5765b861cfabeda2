import Foundation

/// Asks the cluster whether the operator's own kubeconfig works, by running the
/// real kubectl on the host with the operator's environment, so every method
/// kubectl supports (exec plugins like `aws eks get-token` included) is honoured.
public struct ClusterVerifier: Sendable {
  public let kubectlPath: String
  public let environment: [String: String]
  /// kubectl's own --request-timeout, per request.
  public let requestTimeoutSeconds: Int

  public init(kubectlPath: String, environment: [String: String], requestTimeoutSeconds: Int = 5) {
    self.kubectlPath = kubectlPath
    self.environment = environment
    self.requestTimeoutSeconds = requestTimeoutSeconds
  }

  /// The server's version, e.g. "v1.32.4"; throws the classified failure.
  public func verify(_ target: KubeTarget, context: String?) async throws(CredentialProblem)
    -> String
  {
    guard FileManager.default.isExecutableFile(atPath: kubectlPath) else {
      throw .kubectlMissing(path: kubectlPath)
    }
    var arguments = ["--request-timeout=\(requestTimeoutSeconds)s"]
    if let context { arguments += ["--context", context] }
    arguments += ["version", "-o", "json"]
    let result: HostProcessResult
    do {
      // Exec plugins (aws) may take seconds before the request starts; allow for it.
      result = try await HostProcess.run(
        kubectlPath, arguments: arguments, environment: environment,
        timeout: .seconds(requestTimeoutSeconds * 2 + 10))
    } catch {
      throw .kubectlMissing(path: kubectlPath)
    }
    if result.exitStatus == 0, !result.timedOut, let version = Self.serverVersion(result.stdout) {
      return version
    }
    throw KubectlFailureClassifier.classify(result, target: target)
  }

  /// serverVersion.gitVersion from `kubectl version -o json`.
  static func serverVersion(_ json: String) -> String? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
      let server = object["serverVersion"] as? [String: Any]
    else { return nil }
    return server["gitVersion"] as? String ?? "unknown version"
  }
}
