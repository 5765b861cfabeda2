/// The offline half of the Kubernetes credential check: the kubeconfig found
/// as kubectl finds it and the context resolved, without contacting a cluster.
/// `meta-agent doctor` uses it so that a health check never reaches the network
/// unless it is asked to.
public enum KubeconfigInspection: Sendable, Equatable {
  /// The kubeconfig resolves to a cluster with a server and a user.
  case resolved(target: KubeTarget, files: [String], contexts: [String])
  /// It does not; the remedy names the problem and the commands that fix it.
  case needed(CredentialRemedy)

  /// Loads the kubeconfig `locator` finds and resolves `context` (default: the current one).
  public static func inspect(locator: KubeconfigLocator, context: String? = nil)
    -> KubeconfigInspection
  {
    do {
      let config = try locator.load()
      let target = try KubeTarget.resolve(in: config, requested: context)
      return .resolved(target: target, files: config.files, contexts: config.contextNames)
    } catch {
      return .needed(KubernetesRemedies.remedy(for: error, target: nil))
    }
  }
}
