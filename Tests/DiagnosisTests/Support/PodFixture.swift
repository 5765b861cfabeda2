import Foundation

/// Builds small pod and event JSON for unit tests, as `kubectl get -o json` prints them.
enum PodFixture {
  static func pod(
    _ name: String, namespace: String = "default", phase: String = "Running",
    reason: String? = nil, owner: (kind: String, name: String)? = nil,
    labels: [String: String] = [:], containers: [[String: Any]] = [],
    initContainers: [[String: Any]] = [], conditions: [[String: Any]] = [],
    specContainers: [String]? = nil, specInitContainers: [String] = []
  ) -> [String: Any] {
    var metadata: [String: Any] = ["name": name, "namespace": namespace, "labels": labels]
    if let owner {
      metadata["ownerReferences"] = [
        ["apiVersion": "apps/v1", "kind": owner.kind, "name": owner.name, "controller": true]
      ]
    }
    var status: [String: Any] = [
      "phase": phase, "containerStatuses": containers, "conditions": conditions,
    ]
    if !initContainers.isEmpty { status["initContainerStatuses"] = initContainers }
    if let reason { status["reason"] = reason }
    let names = specContainers ?? containers.compactMap { $0["name"] as? String }
    var spec: [String: Any] = [
      "containers": (names.isEmpty ? ["app"] : names).map { ["name": $0, "image": "app:1"] }
    ]
    if !specInitContainers.isEmpty {
      spec["initContainers"] = specInitContainers.map { ["name": $0, "image": "init:1"] }
    }
    return [
      "apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": status,
    ]
  }

  static func container(
    _ name: String = "app", ready: Bool = false, restarts: Int = 0, state: [String: Any],
    lastState: [String: Any] = [:]
  ) -> [String: Any] {
    [
      "name": name, "ready": ready, "restartCount": restarts, "state": state,
      "lastState": lastState,
    ]
  }

  static func waiting(_ reason: String, _ message: String? = nil) -> [String: Any] {
    var waiting: [String: Any] = ["reason": reason]
    if let message { waiting["message"] = message }
    return ["waiting": waiting]
  }

  static func terminated(_ exitCode: Int, _ reason: String? = nil) -> [String: Any] {
    var terminated: [String: Any] = ["exitCode": exitCode]
    if let reason { terminated["reason"] = reason }
    return ["terminated": terminated]
  }

  static var running: [String: Any] { ["running": ["startedAt": "2025-06-10T08:00:00Z"]] }

  static func event(
    on name: String, namespace: String = "default", kind: String = "Pod", reason: String,
    message: String, type: String = "Warning", count: Int = 1,
    last: String = "2025-06-10T09:00:00Z",
    fieldPath: String? = nil, eventName: String? = nil
  ) -> [String: Any] {
    var involved: [String: Any] = ["kind": kind, "namespace": namespace, "name": name]
    if let fieldPath { involved["fieldPath"] = fieldPath }
    return [
      "apiVersion": "v1", "kind": "Event",
      "metadata": ["name": eventName ?? "\(name).\(reason).\(last)", "namespace": namespace],
      "involvedObject": involved, "reason": reason, "message": message, "type": type,
      "count": count, "lastTimestamp": last,
    ]
  }

  static func list(_ items: [[String: Any]], kind: String = "List") -> Data {
    try! JSONSerialization.data(withJSONObject: ["apiVersion": "v1", "kind": kind, "items": items])
  }
}
