import Foundation

/// kubectl's STATUS, READY and RESTARTS columns for a pod, following `kubectl get pods`' printer:
/// the phase, overridden by the pod's reason, then by the first unfinished init container
/// (`Init:CrashLoopBackOff`, `Init:0/1`), then by container waiting/terminated reasons.
/// One deliberate difference: an evicted pod shows `Evicted` even when its container reports
/// `ContainerStatusUnknown`, because the eviction is what the reader needs.
struct PodStatusColumn: Sendable, Equatable {
  var status: String
  var readyContainers: Int
  var totalContainers: Int
  var restarts: Int

  var ready: String { "\(readyContainers)/\(totalContainers)" }

  init(_ pod: KubePod) {
    let podStatus = pod.status
    var reason = podStatus.phase ?? "Unknown"
    if let podReason = podStatus.reason, !podReason.isEmpty { reason = podReason }
    var restarts = 0
    var readyContainers = 0
    var initializing = false
    let initSpecs = pod.spec.initContainers ?? []
    let initStatuses = podStatus.initContainerStatuses ?? []
    for (index, container) in initStatuses.enumerated() {
      restarts += container.restartCount ?? 0
      if let terminated = container.state?.terminated, terminated.exitCode == 0 { continue }
      let isSidecar = initSpecs.first { $0.name == container.name }?.restartPolicy == "Always"
      if isSidecar && container.started == true { continue }
      if let terminated = container.state?.terminated {
        if let terminatedReason = terminated.reason, !terminatedReason.isEmpty {
          reason = "Init:" + terminatedReason
        } else if let signal = terminated.signal, signal != 0 {
          reason = "Init:Signal:\(signal)"
        } else {
          reason = "Init:ExitCode:\(terminated.exitCode)"
        }
      } else if let waiting = container.state?.waiting?.reason, !waiting.isEmpty,
        waiting != "PodInitializing"
      {
        reason = "Init:" + waiting
      } else {
        reason = "Init:\(index)/\(max(initSpecs.count, initStatuses.count))"
      }
      initializing = true
      break
    }
    if !initializing || podStatus.condition("Initialized")?.status == "True" {
      restarts = 0
      var hasRunning = false
      for container in (podStatus.containerStatuses ?? []).reversed() {
        restarts += container.restartCount ?? 0
        if let waiting = container.state?.waiting?.reason, !waiting.isEmpty {
          reason = waiting
        } else if let terminated = container.state?.terminated {
          if let terminatedReason = terminated.reason, !terminatedReason.isEmpty {
            reason = terminatedReason
          } else if let signal = terminated.signal, signal != 0 {
            reason = "Signal:\(signal)"
          } else {
            reason = "ExitCode:\(terminated.exitCode)"
          }
        } else if container.ready == true, container.state?.running != nil {
          hasRunning = true
          readyContainers += 1
        }
      }
      if reason == "Completed" && hasRunning {
        reason = podStatus.condition("Ready")?.status == "True" ? "Running" : "NotReady"
      }
    }
    if podStatus.reason == "Evicted" { reason = "Evicted" }
    if pod.metadata.deletionTimestamp != nil {
      reason = podStatus.reason == "NodeLost" ? "Unknown" : "Terminating"
    }
    status = reason
    self.readyContainers = readyContainers
    totalContainers = pod.spec.containers.count
    self.restarts = restarts
  }

  /// Running with every container ready, or finished successfully.
  var isHealthy: Bool {
    (status == "Running" && readyContainers == totalContainers) || status == "Completed"
  }
}
