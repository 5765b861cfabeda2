import Foundation
import Kube

/// The operator's kubeconfig as kubectl finds it, resolved to a context, without
/// contacting a cluster. A missing kubeconfig is a warning: replayed captures and
/// the sandbox work without one; live diagnosis asks for it when it gets there.
struct KubeconfigCheck: DoctorCheck {
  let name = "kubeconfig"
  let timeoutSeconds = 5.0
  var environment = ProcessInfo.processInfo.environment
  var context: String?
  /// Whether a cluster check follows, so this line need not suggest one.
  var clusterChecked = false

  func run() -> [DoctorFinding] {
    switch KubeconfigInspection.inspect(
      locator: KubeconfigLocator(environment: environment), context: context)
    {
    case .resolved(let target, let files, let contexts):
      let user = target.userName.isEmpty ? "anonymous" : target.userName
      return [
        .ok(
          name,
          "context \(target.contextName) (cluster \(target.clusterName) at \(target.server), "
            + "user \(user) with \(target.authentication.summary)) from "
            + "\(files.joined(separator: ":")); \(contexts.count) context"
            + "\(contexts.count == 1 ? "" : "s")"
            + (clusterChecked ? "" : "; not contacted (--cluster asks it)"))
      ]
    case .needed(let remedy):
      return [.warn(name, remedy.summary, fix: Self.fix(remedy))]
    }
  }

  /// The remedy's commands, one per line, each with why.
  static func fix(_ remedy: CredentialRemedy) -> String {
    guard !remedy.steps.isEmpty else { return "see docs/kubernetes-access.md" }
    return remedy.steps.map { "\($0.command)   # \($0.purpose)" }.joined(separator: "\n")
  }
}
