import Foundation

/// The server-side printer columns for each built-in kind; kinds not listed
/// get NAME and AGE, like a CRD without printer columns.
enum TableColumns {
  typealias Column = TableBuilder.Column

  static func columns(for type: ResourceType) -> [Column] {
    switch (type.group, type.kind) {
    case ("", "Pod"): return pod
    case ("", "Event"), ("events.k8s.io", "Event"): return event
    case ("", "Node"): return node
    case ("", "Namespace"): return [name, text("Status", "status.phase"), age]
    case ("", "PersistentVolumeClaim"): return persistentVolumeClaim
    case ("", "PersistentVolume"): return persistentVolume
    case ("", "ConfigMap"):
      return [
        name,
        Column(name: "Data") { object, _ in
          .integer(
            Int64(object["data"]?.objectValue.count ?? 0)
              + Int64(object["binaryData"]?.objectValue.count ?? 0))
        }, age,
      ]
    case ("", "Secret"):
      return [
        name, text("Type", "type"),
        Column(name: "Data") { object, _ in
          .integer(Int64(object["data"]?.objectValue.count ?? 0))
        }, age,
      ]
    case ("", "Service"): return service
    case ("apps", "Deployment"): return deployment
    case ("apps", "ReplicaSet"): return replicaSet
    case ("apps", "StatefulSet"): return statefulSet
    case ("apps", "DaemonSet"): return daemonSet
    case ("batch", "Job"): return job
    default: return [name, age]
    }
  }

  // MARK: - Shared columns

  static let name = Column(name: "Name", isName: true) { object, _ in
    .string(object.string(at: "metadata.name") ?? "")
  }
  static let age = Column(name: "Age") { object, now in
    .string(HumanDuration.since(object.string(at: "metadata.creationTimestamp"), now: now))
  }

  static func text(_ title: String, _ path: String, wide: Bool = false, empty: String = "")
    -> Column
  {
    Column(name: title, wide: wide) { object, _ in
      let value = object.string(at: path) ?? ""
      return .string(value.isEmpty ? empty : value)
    }
  }

  static func number(_ title: String, _ path: String, wide: Bool = false) -> Column {
    Column(name: title, wide: wide) { object, _ in .integer(object.integer(at: path) ?? 0) }
  }

  /// CONTAINERS, IMAGES and SELECTOR of a workload's pod template.
  static func templateColumns(selector: Bool = true) -> [Column] {
    var columns = [
      Column(name: "Containers", wide: true) { object, _ in
        .string(containerField(object, "name"))
      },
      Column(name: "Images", wide: true) { object, _ in .string(containerField(object, "image")) },
    ]
    if selector {
      columns.append(
        Column(name: "Selector", wide: true) { object, _ in
          .string(labelSelectorText(object.value(at: "spec.selector")))
        })
    }
    return columns
  }

  private static func containerField(_ object: JSONValue, _ field: String) -> String {
    (object.value(at: "spec.template.spec.containers")?.arrayValue ?? [])
      .compactMap { $0.string(at: field) }.joined(separator: ",")
  }

  /// `app=web,tier in (a,b)` as kubectl prints a LabelSelector; `<none>` when empty.
  static func labelSelectorText(_ selector: JSONValue?) -> String {
    guard let selector else { return "<none>" }
    var parts = (selector["matchLabels"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
      .map { "\($0.key)=\($0.value.stringValue ?? "")" }
    for expression in selector["matchExpressions"]?.arrayValue ?? [] {
      let key = expression.string(at: "key") ?? ""
      let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue)
      switch expression.string(at: "operator") ?? "" {
      case "In": parts.append("\(key) in (\(values.joined(separator: ",")))")
      case "NotIn": parts.append("\(key) notin (\(values.joined(separator: ",")))")
      case "Exists": parts.append(key)
      case "DoesNotExist": parts.append("!\(key)")
      default: break
      }
    }
    return parts.isEmpty ? "<none>" : parts.joined(separator: ",")
  }

  static func mapText(_ value: JSONValue?) -> String {
    let pairs = (value?.objectValue ?? [:]).sorted { $0.key < $1.key }
      .map { "\($0.key)=\($0.value.stringValue ?? "")" }
    return pairs.isEmpty ? "<none>" : pairs.joined(separator: ",")
  }
}
