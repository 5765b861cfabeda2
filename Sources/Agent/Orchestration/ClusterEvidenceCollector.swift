import Diagnosis
import Foundation
import MCP

/// The execution step: asks the deployed kubectl tool, read-only, for what a
/// diagnosis needs (pods, events, workloads, nodes, then the logs of the pods
/// in trouble) and hands it to the Diagnosis engine as `ClusterData`.
struct ClusterEvidenceCollector: Sendable {
  let tools: any ToolCaller
  let narrator: any RunNarrator
  /// At most this many pods' logs are read per owner (the rest are the same story).
  var podsPerOwner = 3
  /// And at most this many pods in all, so a large outage stays quick.
  var maxPodsWithLogs = 15
  /// Kinds that sharpen a diagnosis (owners, node capacity, storage classes); read
  /// when the tool offers `kubectl_get_resources`. Not configmaps: the gateway
  /// refuses them by default, since they often hold configuration people treat as secret.
  static let supportingKinds = [
    "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "nodes",
    "persistentvolumeclaims", "storageclasses",
  ]

  struct Failure: Error, CustomStringConvertible {
    let function: String
    let message: String
    var description: String { "\(function): \(message)" }
  }

  /// `namespace` nil reads every namespace.
  func collect(namespace: String?, source: String) async throws -> ClusterData {
    var data = ClusterData(source: source)
    let scope: [String: Value] =
      namespace.map { ["namespace": .string($0)] } ?? ["all_namespaces": true]
    let offered = try await tools.functionNames()

    // The engine reads each answer's bytes as they came (raw objects under `items`);
    // the parsed fields are only for the log targets, the counts and the sources.
    let pods = try await call("kubectl_get_pods", scope, label: "listing pods")
    let items = (pods.fields["items"] as? [[String: Any]]) ?? []
    try data.addObjects(json: pods.json, source: pods.command)
    narrator.note("\(items.count) pods")

    let events = try await call("kubectl_get_events", scope, label: "reading events")
    try data.addToolEvents(json: events.json, namespace: namespace, source: events.command)
    let eventCount =
      (events.fields["items"] as? [Any])?.count ?? (events.fields["count"] as? Int) ?? 0
    narrator.note("\(eventCount) events")

    if offered.contains("kubectl_get_resources") {
      var read: [String] = []
      for kind in Self.supportingKinds {
        var arguments = scope
        arguments["kind"] = .string(kind)
        guard let answer = try? await call("kubectl_get_resources", arguments, label: nil),
          let objects = answer.fields["items"] as? [Any]
        else { continue }
        try data.addObjects(json: answer.json, source: answer.command)
        if !objects.isEmpty { read.append("\(objects.count) \(kind)") }
      }
      if !read.isEmpty { narrator.note(read.joined(separator: ", ")) }
    }

    let targets = Self.logTargets(
      pods: items, perOwner: podsPerOwner, maximum: maxPodsWithLogs)
    let progress = narrator.progress("reading logs of \(targets.count) containers")
    var read = 0
    for target in targets {
      var arguments: [String: Value] = [
        "pod": .string(target.pod), "namespace": .string(target.namespace),
        "container": .string(target.container), "tail": 200,
      ]
      if target.previous { arguments["previous"] = true }
      // A missing previous log is normal (the container never restarted): skip it.
      guard let answer = try? await call("kubectl_get_logs", arguments, label: nil),
        let text = answer.fields["logs"] as? String
      else { continue }
      read += 1
      data.addLog(
        ClusterData.Log(
          namespace: target.namespace, pod: target.pod, container: target.container,
          previous: target.previous, text: text,
          source: "kubectl logs \(target.pod) -n \(target.namespace) -c \(target.container)"
            + (target.previous ? " --previous" : "")))
    }
    progress.finish("\(read) logs read")
    return data
  }

  /// A tool's successful answer: its JSON bytes and their top-level fields.
  struct Answer {
    var json: Data
    var fields: [String: Any]

    /// The kubectl command the tool ran, shown as the source of what it read.
    var command: String {
      if let argv = fields["command"] as? [String] { return argv.joined(separator: " ") }
      return fields["command"] as? String ?? "kubectl"
    }
  }

  /// Calls a function and returns its JSON answer; a tool error is a failure.
  private func call(_ function: String, _ arguments: [String: Value], label: String?)
    async throws -> Answer
  {
    let progress = label.map { narrator.progress($0) }
    let result = try await tools.call(function, arguments: arguments)
    let text = result.joinedText
    let json = Data(text.utf8)
    guard let object = try? JSONSerialization.jsonObject(with: json),
      let answer = object as? [String: Any]
    else {
      progress?.finish("failed")
      throw Failure(function: function, message: String(text.prefix(300)))
    }
    guard result.isError != true, answer["status"] as? String == "success" else {
      progress?.finish("failed")
      throw Failure(
        function: function, message: answer["message"] as? String ?? String(text.prefix(300)))
    }
    progress?.finish("done")
    return Answer(json: json, fields: answer)
  }

  /// A container log worth reading.
  struct LogTarget: Equatable {
    var namespace: String
    var pod: String
    var container: String
    var previous: Bool
  }

  /// The logs that explain trouble: the previous run of every container that
  /// restarted or terminated, and the current log of containers that are not
  /// ready, for up to `perOwner` pods of each owner.
  static func logTargets(pods: [[String: Any]], perOwner: Int, maximum: Int) -> [LogTarget] {
    var perOwnerCount: [String: Int] = [:]
    var targets: [LogTarget] = []
    var podsTaken = 0
    let sorted = pods.sorted { name(of: $0) < name(of: $1) }
    for pod in sorted where podsTaken < maximum {
      let metadata = pod["metadata"] as? [String: Any] ?? [:]
      guard let podName = metadata["name"] as? String else { continue }
      let namespace = metadata["namespace"] as? String ?? "default"
      let status = pod["status"] as? [String: Any] ?? [:]
      let statuses =
        (status["initContainerStatuses"] as? [[String: Any]] ?? [])
        + (status["containerStatuses"] as? [[String: Any]] ?? [])
      var podTargets: [LogTarget] = []
      for container in statuses {
        guard let containerName = container["name"] as? String else { continue }
        let restarts = container["restartCount"] as? Int ?? 0
        let state = container["state"] as? [String: Any] ?? [:]
        let lastState = container["lastState"] as? [String: Any] ?? [:]
        let ready = container["ready"] as? Bool ?? false
        let started = state["running"] != nil
        let completed =
          ((state["terminated"] as? [String: Any])?["reason"] as? String) == "Completed"
        if restarts > 0 || lastState["terminated"] != nil {
          podTargets.append(
            LogTarget(namespace: namespace, pod: podName, container: containerName, previous: true))
        }
        if (!ready && !completed && (started || state["terminated"] != nil))
          || (restarts > 0 && started)
        {
          podTargets.append(
            LogTarget(
              namespace: namespace, pod: podName, container: containerName, previous: false))
        }
      }
      guard !podTargets.isEmpty else { continue }
      let owner =
        "\(namespace)/"
        + ((metadata["ownerReferences"] as? [[String: Any]])?.first?["name"] as? String ?? podName)
      guard perOwnerCount[owner, default: 0] < perOwner else { continue }
      perOwnerCount[owner, default: 0] += 1
      podsTaken += 1
      targets += podTargets
    }
    return targets
  }

  private static func name(of pod: [String: Any]) -> String {
    let metadata = pod["metadata"] as? [String: Any] ?? [:]
    return "\(metadata["namespace"] as? String ?? "")/\(metadata["name"] as? String ?? "")"
  }
}
