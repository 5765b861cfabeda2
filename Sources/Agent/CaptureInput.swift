import Diagnosis
import Foundation
import Kube

/// `diagnose --from DIR`: a capture read the way the replay cluster reads it
/// (JSON and YAML, Lists, logs/), handed to the engine as JSON.
public enum CaptureInput {
  public static func load(_ directory: URL) throws -> ClusterData {
    let snapshot = try CaptureDirectory.load(directory)
    var data = ClusterData(source: "capture \(directory.path)")
    for type in snapshot.resourceTypes {
      let objects = snapshot.objects(of: type)
      guard !objects.isEmpty else { continue }
      let list: JSONValue = ["apiVersion": "v1", "kind": "List", "items": .array(objects)]
      try data.addObjects(json: list.jsonData(), source: "\(type.plural) in the capture")
    }
    for (key, url) in snapshot.logFiles.sorted(by: { $0.value.path < $1.value.path }) {
      let text = try String(contentsOf: url, encoding: .utf8)
      let relative =
        url.path.hasPrefix(directory.path + "/")
        ? String(url.path.dropFirst(directory.path.count + 1)) : url.path
      data.addLog(
        ClusterData.Log(
          namespace: key.namespace, pod: key.pod, container: key.container,
          previous: key.previous, text: text, source: relative))
    }
    return data
  }
}
