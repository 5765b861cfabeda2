import Foundation

/// Which probe failed.
enum ProbeKind: String, Sendable, CaseIterable {
  case liveness
  case readiness
  case startup

  var title: String { rawValue.capitalized }
}

/// A probe failure reported in an `Unhealthy` event.
struct ProbeFailure: Sendable {
  var kind: ProbeKind
  /// What the kubelet said after "probe failed:", e.g. `HTTP probe failed with statuscode: 500`.
  var detail: String
  var event: KubeEvent
}

/// What the events of one pod say, sorted into the signals the pod analyzer reads.
struct PodEventSignals: Sendable {
  /// `BackOff` "Back-off restarting failed container".
  var restartBackOffs: [KubeEvent] = []
  /// `Failed` "Failed to pull image ...".
  var pullFailures: [KubeEvent] = []
  /// `Pulled` "Successfully pulled image ..." (or "already present").
  var pullSuccesses: [KubeEvent] = []
  var probeFailures: [ProbeFailure] = []
  /// `Killing`, e.g. "Container X failed liveness probe, will be restarted".
  var killings: [KubeEvent] = []
  var failedScheduling: KubeEvent?
  /// `FailedMount` / `FailedAttachVolume`.
  var mountFailures: [KubeEvent] = []
  var evictions: [KubeEvent] = []
  /// `Failed` "Error: ..." that is not about pulling (config errors, start failures).
  var containerErrors: [KubeEvent] = []
  /// `FailedCreatePodSandBox` and other warnings that keep a pod in ContainerCreating.
  var sandboxFailures: [KubeEvent] = []

  func probeFailures(_ kind: ProbeKind, container: String?) -> [ProbeFailure] {
    probeFailures.filter {
      $0.kind == kind
        && (container == nil || $0.event.container == nil || $0.event.container == container)
    }
  }

  func pullFailures(container: String) -> [KubeEvent] {
    pullFailures.filter { $0.container == nil || $0.container == container }
  }

  /// A successful pull seen after the last failure for the container: the problem recovered.
  func pullRecovered(container: String) -> KubeEvent? {
    guard let lastFailure = pullFailures(container: container).last else { return nil }
    return pullSuccesses.last {
      ($0.container == nil || $0.container == container) && $0.lastSeen >= lastFailure.lastSeen
        && $0.message.hasPrefix("Successfully pulled")
    }
  }
}

/// Sorts events into signals: BackOff, Unhealthy per probe, FailedScheduling, FailedMount,
/// pull failures and successes, Evicted, Killing, container errors.
enum EventAnalyzer {
  static func signals(_ events: [KubeEvent]) -> PodEventSignals {
    var signals = PodEventSignals()
    for event in events {
      switch event.reason {
      case "BackOff":
        if event.message.contains("restarting failed container") {
          signals.restartBackOffs.append(event)
        }
      case "Failed", "ErrImagePull":
        if event.message.hasPrefix("Failed to pull image") {
          signals.pullFailures.append(event)
        } else if !isPullStateEcho(event.message) {
          signals.containerErrors.append(event)
        }
      case "Pulled":
        signals.pullSuccesses.append(event)
      case "Unhealthy":
        if let failure = probeFailure(event) { signals.probeFailures.append(failure) }
      case "Killing":
        signals.killings.append(event)
      case "FailedScheduling":
        signals.failedScheduling = event
      case "FailedMount", "FailedAttachVolume":
        signals.mountFailures.append(event)
      case "Evicted":
        signals.evictions.append(event)
      case "FailedCreatePodSandBox", "FailedCreatePodContainer", "FailedKillPod", "NetworkNotReady":
        signals.sandboxFailures.append(event)
      default:
        break
      }
    }
    return signals
  }

  /// `Error: ErrImagePull` / `Error: ImagePullBackOff` only repeat the pull failure.
  private static func isPullStateEcho(_ message: String) -> Bool {
    message == "Error: ErrImagePull" || message == "Error: ImagePullBackOff"
  }

  /// `Liveness probe failed: HTTP probe failed with statuscode: 500`
  static func probeFailure(_ event: KubeEvent) -> ProbeFailure? {
    for kind in ProbeKind.allCases {
      let prefix = "\(kind.title) probe failed"
      let errored = "\(kind.title) probe errored"
      guard event.message.hasPrefix(prefix) || event.message.hasPrefix(errored) else { continue }
      var detail = event.message.drop { $0 != ":" }.dropFirst()
      detail = detail.drop { $0 == " " }
      let text = detail.trimmingCharacters(in: .whitespacesAndNewlines)
      return ProbeFailure(kind: kind, detail: text.isEmpty ? event.message : text, event: event)
    }
    return nil
  }
}
