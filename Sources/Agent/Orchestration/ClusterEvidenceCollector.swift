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
  /// Pods and events are read this many at a time when the tool can page: kubectl
  /// then never holds a whole big cluster (it ran out of memory on 10,000 pods).
  var pageSize = 500
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
    let offered = try await tools.functions()

    // The engine reads each answer's bytes as they came (raw objects under `items`);
    // the collector reads only the answers' envelopes (status, command, counts).
    let pods = try await readList(
      "kubectl_get_pods", scope, offered: offered, label: "listing pods"
    ) { answer throws in
      try data.addObjects(json: answer.json, source: answer.envelope.command)
    }
    narrator.note("\(pods) pods")

    let events = try await readList(
      "kubectl_get_events", scope, offered: offered, label: "reading events"
    ) { answer throws in
      try data.addToolEvents(
        json: answer.json, namespace: namespace, source: answer.envelope.command)
    }
    narrator.note("\(events) events")

    if offered["kubectl_get_resources"] != nil {
      var read: [String] = []
      for kind in Self.supportingKinds {
        var arguments = scope
        arguments["kind"] = .string(kind)
        guard let answer = try? await call("kubectl_get_resources", arguments, label: nil),
          let count = answer.envelope.itemCount
        else { continue }
        try data.addObjects(json: answer.json, source: answer.envelope.command)
        if count > 0 { read.append("\(count) \(count == 1 ? Self.singular(kind) : kind)") }
      }
      if !read.isEmpty { narrator.note(read.joined(separator: ", ")) }
    }

    let requests = data.logRequests(perOwner: podsPerOwner, maximum: maxPodsWithLogs)
    let progress = narrator.progress("reading logs of \(requests.count) containers")
    var read = 0
    for request in requests {
      var arguments: [String: Value] = [
        "pod": .string(request.pod), "namespace": .string(request.namespace),
        "container": .string(request.container), "tail": 200,
      ]
      if request.previous { arguments["previous"] = true }
      // A missing previous log is normal (the container never restarted): skip it.
      guard let answer = try? await call("kubectl_get_logs", arguments, label: nil),
        let text = answer.envelope.logs
      else { continue }
      read += 1
      data.addLog(
        ClusterData.Log(
          namespace: request.namespace, pod: request.pod, container: request.container,
          previous: request.previous, text: text,
          source: "kubectl logs \(request.pod) -n \(request.namespace) -c \(request.container)"
            + (request.previous ? " --previous" : "")))
    }
    progress.finish("\(read) logs read")
    return data
  }

  /// `storageclasses` → `storageclass`, `nodes` → `node`.
  static func singular(_ kind: String) -> String {
    String(kind.dropLast(kind.hasSuffix("sses") ? 2 : 1))
  }

  /// Reads a list whole, or a page at a time when the function takes `limit`,
  /// handing each answer to `add`; returns how many objects were read.
  private func readList(
    _ function: String, _ scope: [String: Value], offered: [String: Set<String>],
    label: String, add: (Answer) throws -> Void
  ) async throws -> Int {
    guard offered[function]?.contains("limit") == true else {
      let answer = try await call(function, scope, label: label)
      try add(answer)
      return answer.envelope.itemCount ?? answer.envelope.count ?? 0
    }
    let progress = narrator.progress(label)
    var arguments = scope
    arguments["limit"] = .int(pageSize)
    var read = 0
    var pages = 0
    while true {
      let answer: Answer
      do {
        answer = try await call(function, arguments, label: nil)
      } catch {
        progress.finish("failed")
        throw error
      }
      try add(answer)
      read += answer.envelope.itemCount ?? 0
      pages += 1
      guard let token = answer.envelope.continueToken, !token.isEmpty else { break }
      arguments["continue"] = .string(token)
    }
    progress.finish(pages == 1 ? "done" : "\(read) in \(pages) pages")
    return read
  }

  /// A tool's successful answer: its JSON bytes and its envelope.
  struct Answer {
    var json: Data
    var envelope: KubectlToolAnswer
  }

  /// Calls a function and returns its JSON answer; a tool error is a failure.
  private func call(_ function: String, _ arguments: [String: Value], label: String?)
    async throws -> Answer
  {
    let progress = label.map { narrator.progress($0) }
    let result = try await tools.call(function, arguments: arguments)
    let text = result.joinedText
    let json = Data(text.utf8)
    guard let envelope = try? KubectlToolAnswer(json: json, source: function) else {
      progress?.finish("failed")
      throw Failure(function: function, message: String(text.prefix(300)))
    }
    guard result.isError != true, envelope.succeeded else {
      progress?.finish("failed")
      throw Failure(function: function, message: envelope.message ?? String(text.prefix(300)))
    }
    progress?.finish("done")
    return Answer(json: json, envelope: envelope)
  }
}
