import Foundation

/// The READY, STATUS and RESTARTS cells of `kubectl get pods`, computed the
/// way the API server's pod printer does (pkg/printers/internalversion).
struct PodStatusSummary {
  var ready: String
  var status: String
  var restarts: String

  init(_ pod: JSONValue, now: Date = Date()) {
    let initSpecs = pod.value(at: "spec.initContainers")?.arrayValue ?? []
    let restartable = Set(
      initSpecs.filter { $0.string(at: "restartPolicy") == "Always" }.compactMap {
        $0.string(at: "name")
      })
    var total = (pod.value(at: "spec.containers")?.arrayValue.count ?? 0) + restartable.count
    var readyCount = 0
    var restartCount: Int64 = 0
    var restartableRestarts: Int64 = 0
    var lastRestart: Date?
    var reason = pod.string(at: "status.reason") ?? pod.string(at: "status.phase") ?? ""
    let conditions = pod.value(at: "status.conditions")?.arrayValue ?? []
    if conditions.contains(where: {
      $0.string(at: "type") == "PodScheduled" && $0.string(at: "reason") == "SchedulingGated"
    }) {
      reason = "SchedulingGated"
    }

    var initializing = false
    let initStatuses = pod.value(at: "status.initContainerStatuses")?.arrayValue ?? []
    for (index, container) in initStatuses.enumerated() {
      restartCount += container.integer(at: "restartCount") ?? 0
      lastRestart = Self.later(lastRestart, container.string(at: "lastState.terminated.finishedAt"))
      let isRestartable = restartable.contains(container.string(at: "name") ?? "")
      if isRestartable { restartableRestarts += container.integer(at: "restartCount") ?? 0 }
      if container.value(at: "state.terminated") != nil,
        container.integer(at: "state.terminated.exitCode") == 0
      {
        continue
      }
      if isRestartable, container.value(at: "started") == .bool(true) {
        if container.value(at: "ready") == .bool(true) { readyCount += 1 }
        continue
      }
      initializing = true
      if container.value(at: "state.terminated") != nil {
        reason = "Init:" + Self.terminatedReason(container.value(at: "state.terminated")!)
      } else if let waiting = container.string(at: "state.waiting.reason"), !waiting.isEmpty,
        waiting != "PodInitializing"
      {
        reason = "Init:" + waiting
      } else {
        reason = "Init:\(index)/\(initSpecs.count)"
      }
      break
    }

    let initialized = conditions.contains {
      $0.string(at: "type") == "Initialized" && $0.string(at: "status") == "True"
    }
    if !initializing || initialized {
      restartCount = restartableRestarts
      var hasRunning = false
      for container in (pod.value(at: "status.containerStatuses")?.arrayValue ?? []).reversed() {
        restartCount += container.integer(at: "restartCount") ?? 0
        lastRestart = Self.later(
          lastRestart, container.string(at: "lastState.terminated.finishedAt"))
        if let waiting = container.string(at: "state.waiting.reason"), !waiting.isEmpty {
          reason = waiting
        } else if let terminated = container.value(at: "state.terminated") {
          reason = Self.terminatedReason(terminated)
        } else if container.value(at: "ready") == .bool(true),
          container.value(at: "state.running") != nil
        {
          hasRunning = true
          readyCount += 1
        }
      }
      if reason == "Completed" && hasRunning {
        let podReady = conditions.contains {
          $0.string(at: "type") == "Ready" && $0.string(at: "status") == "True"
        }
        reason = podReady ? "Running" : "NotReady"
      }
    }

    let phase = pod.string(at: "status.phase") ?? ""
    if pod.string(at: "metadata.deletionTimestamp") != nil {
      if pod.string(at: "status.reason") == "NodeLost" {
        reason = "Unknown"
      } else if phase != "Succeeded" && phase != "Failed" {
        reason = "Terminating"
      }
    }
    total = max(total, 0)
    ready = "\(readyCount)/\(total)"
    status = reason
    if restartCount != 0, let lastRestart {
      restarts = "\(restartCount) (\(HumanDuration.format(now.timeIntervalSince(lastRestart))) ago)"
    } else {
      restarts = "\(restartCount)"
    }
  }

  /// `OOMKilled`, or `Signal:9` / `ExitCode:1` when the runtime gave no reason.
  private static func terminatedReason(_ terminated: JSONValue) -> String {
    if let reason = terminated.string(at: "reason"), !reason.isEmpty { return reason }
    if let signal = terminated.integer(at: "signal"), signal != 0 { return "Signal:\(signal)" }
    return "ExitCode:\(terminated.integer(at: "exitCode") ?? 0)"
  }

  private static func later(_ current: Date?, _ timestamp: String?) -> Date? {
    guard let timestamp, let date = HumanDuration.parse(timestamp) else { return current }
    guard let current else { return date }
    return max(current, date)
  }
}
