import Foundation
import Kube

/// With `--cluster`: the full `auth check` for Kubernetes, which asks the cluster
/// with the real kubectl; a failure is a FAIL because the operator asked for it.
struct ClusterCheck: DoctorCheck {
  let name = "cluster"
  let timeoutSeconds = 30.0
  var environment = ProcessInfo.processInfo.environment
  var context: String?

  func run() -> [DoctorFinding] {
    let broker = CredentialBroker(environment: environment)
    let context = self.context
    let outcome = BlockingOutcome<CredentialStatus>()
    Task { outcome.finish(.success(await broker.check(kind: .kubernetes, context: context))) }
    switch outcome.wait() {
    case .success(.ready(let details)):
      return [.ok(name, details.summary)]
    case .success(.needed(let remedy)):
      return [.fail(name, remedy.summary, fix: KubeconfigCheck.fix(remedy))]
    case .failure(let error):
      return [.fail(name, "\(error)", fix: "run `meta-agent auth check` to see the whole check")]
    }
  }
}
