import Diagnosis
import Foundation
import Yams

/// Loads a capture directory the way the integrator does: JSON files as they are, YAML
/// documents converted to JSON, logs from `logs/<ns>/<pod>/<container>[.previous].log`.
enum ScenarioLoader {
  static let scenariosDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("KubeTests/Scenarios")

  static let names = [
    "reference-oom-crashloop", "image-not-found", "image-pull-unauthorized", "missing-secret",
    "missing-configmap", "bad-command", "app-error", "liveness-probe-failing",
    "readiness-probe-failing", "init-container-failing", "pending-insufficient-cpu",
    "pending-node-selector-taint", "unbound-pvc", "evicted", "healthy",
  ]

  static func load(_ name: String) throws -> ClusterData {
    try load(directory: scenariosDirectory.appendingPathComponent(name))
  }

  static func load(directory: URL) throws -> ClusterData {
    var data = ClusterData(source: "capture \(directory.lastPathComponent)")
    let files =
      FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?
      .compactMap { $0 as? URL }.sorted { $0.path < $1.path } ?? []
    for file in files {
      let relative = String(file.path.dropFirst(directory.path.count + 1))
      let parts = relative.split(separator: "/").map(String.init)
      if parts.first == "logs" {
        guard parts.count == 4, parts[3].hasSuffix(".log") else { continue }
        let previous = parts[3].hasSuffix(".previous.log")
        let container = String(parts[3].dropLast(previous ? 13 : 4))
        data.addLog(
          ClusterData.Log(
            namespace: parts[1], pod: parts[2], container: container, previous: previous,
            text: try String(contentsOf: file, encoding: .utf8), source: relative))
        continue
      }
      switch file.pathExtension {
      case "json":
        try data.addObjects(json: try Data(contentsOf: file), source: relative)
      case "yaml", "yml":
        let text = try String(contentsOf: file, encoding: .utf8)
        for document in try Yams.load_all(yaml: text) {
          let json = try JSONSerialization.data(withJSONObject: jsonValue(document))
          try data.addObjects(json: json, source: relative)
        }
      default:
        continue
      }
    }
    return data
  }

  /// Yams gives dates and other scalars JSON has no type for; make them strings.
  static func jsonValue(_ value: Any) -> Any {
    switch value {
    case let map as [String: Any]: return map.mapValues(jsonValue)
    case let map as [AnyHashable: Any]:
      return Dictionary(uniqueKeysWithValues: map.map { ("\($0.key)", jsonValue($0.value)) })
    case let list as [Any]: return list.map(jsonValue)
    case let date as Date: return ISO8601DateFormatter().string(from: date)
    case is String, is Int, is Double, is Bool, is NSNull: return value
    default: return "\(value)"
    }
  }

  static func diagnose(_ name: String, namespace: String? = nil) throws -> DiagnosisReport {
    DiagnosisEngine.diagnose(try load(name), namespace: namespace)
  }
}
