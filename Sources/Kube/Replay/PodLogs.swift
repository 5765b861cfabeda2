import Foundation

/// Serves `pods/<name>/log` from the capture's log files, choosing the
/// container and refusing the way the kubelet does when no log exists.
struct PodLogs {
  let snapshot: ClusterSnapshot

  func respond(namespace: String, pod name: String, query: [String: String]) -> ReplayResponse {
    guard
      let podType = snapshot.resourceTypes.first(where: { $0.kind == "Pod" && $0.group.isEmpty }),
      let pod = snapshot.objects(of: podType).first(where: {
        $0.string(at: "metadata.namespace") == namespace && $0.string(at: "metadata.name") == name
      })
    else { return .status(404, reason: "NotFound", message: "pods \"\(name)\" not found") }
    let containers = Self.containerNames(pod)
    let container: String
    if let asked = query["container"], !asked.isEmpty {
      guard containers.contains(asked) else {
        return .badRequest("container \(asked) is not valid for pod \(name)")
      }
      container = asked
    } else if containers.count == 1 {
      container = containers[0]
    } else {
      return .badRequest(
        "a container name must be specified for pod \(name), choose one of: [\(containers.joined(separator: " "))]"
      )
    }
    let previous = ["true", "1"].contains(query["previous"] ?? "")
    let key = ContainerLogKey(
      namespace: namespace, pod: name, container: container, previous: previous)
    guard let file = snapshot.logFiles[key], let data = try? Data(contentsOf: file) else {
      return missing(pod: pod, name: name, container: container, previous: previous)
    }
    return ReplayResponse(
      status: 200, contentType: "text/plain", body: Self.trim(data, query: query))
  }

  /// The kubelet's words for a log that is not there, as a 404 Status.
  private func missing(pod: JSONValue, name: String, container: String, previous: Bool)
    -> ReplayResponse
  {
    if previous {
      return .status(
        404, reason: "NotFound",
        message: "previous terminated container \"\(container)\" in pod \"\(name)\" not found")
    }
    let statuses =
      (pod.value(at: "status.containerStatuses")?.arrayValue ?? [])
      + (pod.value(at: "status.initContainerStatuses")?.arrayValue ?? [])
    let status = statuses.first { $0.string(at: "name") == container }
    if let waiting = status?.string(at: "state.waiting.reason") {
      let why =
        ["ImagePullBackOff", "ErrImagePull"].contains(waiting)
        ? "trying and failing to pull image" : waiting
      return .badRequest(
        "container \"\(container)\" in pod \"\(name)\" is waiting to start: \(why)")
    }
    return .status(
      404, reason: "NotFound",
      message: "no log for container \"\(container)\" in pod \"\(name)\" in this capture")
  }

  /// Containers in the order kubectl lists them: init containers first.
  static func containerNames(_ pod: JSONValue) -> [String] {
    ["spec.initContainers", "spec.containers", "spec.ephemeralContainers"].flatMap {
      (pod.value(at: $0)?.arrayValue ?? []).compactMap { $0.string(at: "name") }
    }
  }

  /// Applies `tailLines` then `limitBytes`, as the kubelet does.
  static func trim(_ data: Data, query: [String: String]) -> Data {
    var result = data
    if let tail = query["tailLines"].flatMap(Int.init), tail >= 0 {
      var lines = String(decoding: data, as: UTF8.self).split(
        separator: "\n", omittingEmptySubsequences: false)
      if lines.last == "" { lines.removeLast() }
      let kept = lines.suffix(tail)
      result = Data((kept.joined(separator: "\n") + (kept.isEmpty ? "" : "\n")).utf8)
    }
    if let limit = query["limitBytes"].flatMap(Int.init), limit >= 0, result.count > limit {
      result = result.prefix(limit)
    }
    return result
  }
}
