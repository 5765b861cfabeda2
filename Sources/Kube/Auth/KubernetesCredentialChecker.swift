import Foundation

/// Host inheritance for Kubernetes: the operator's own kubeconfig, found as kubectl
/// finds it, checked for a usable context, and verified against the cluster.
public struct KubernetesCredentialChecker: CredentialChecker {
  public let kind = CredentialKind.kubernetes
  public let locator: KubeconfigLocator
  public let verifier: ClusterVerifier

  public init(
    environment: [String: String], kubectlPath: String? = nil, requestTimeoutSeconds: Int = 5
  ) {
    locator = KubeconfigLocator(environment: environment)
    verifier = ClusterVerifier(
      kubectlPath: kubectlPath ?? Self.findKubectl(environment),
      environment: environment, requestTimeoutSeconds: requestTimeoutSeconds)
  }

  public func check(context: String?) async -> CredentialStatus {
    var target: KubeTarget?
    do {
      let config = try locator.load()
      let resolved = try KubeTarget.resolve(in: config, requested: context)
      target = resolved
      let version = try await verifier.verify(resolved, context: context)
      return .ready(
        CredentialDetails(
          kind: .kubernetes,
          summary: "context \(resolved.contextName) (cluster \(resolved.clusterName) at "
            + "\(resolved.server), user \(resolved.userName.isEmpty ? "anonymous" : resolved.userName) "
            + "with \(resolved.authentication.summary)), Kubernetes \(version)",
          source: config.files.joined(separator: ":")))
    } catch {
      return .needed(KubernetesRemedies.remedy(for: error, target: target))
    }
  }

  /// The first `kubectl` on the environment's PATH, else /usr/bin/kubectl.
  static func findKubectl(_ environment: [String: String]) -> String {
    for directory in (environment["PATH"] ?? "").split(separator: ":") {
      let path = "\(directory)/kubectl"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return "/usr/bin/kubectl"
  }
}
