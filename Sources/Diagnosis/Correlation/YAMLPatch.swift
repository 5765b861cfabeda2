import Foundation

/// A small YAML tree for strategic-merge patches, rendered with two-space indentation.
indirect enum YAMLNode: Sendable {
  case scalar(String)
  /// An integer, written plain (`failureThreshold: 6`), unlike a string that looks like one.
  case number(Int)
  case map([(String, YAMLNode)])
  case list([YAMLNode])

  func render(indent: Int = 0) -> [String] {
    let pad = String(repeating: " ", count: indent)
    switch self {
    case .scalar(let value): return [pad + Self.quote(value)]
    case .number(let value): return [pad + String(value)]
    case .map(let entries):
      var lines: [String] = []
      for (key, value) in entries {
        if case .scalar(let scalar) = value {
          lines.append("\(pad)\(key): \(Self.quote(scalar))")
        } else if case .number(let number) = value {
          lines.append("\(pad)\(key): \(number)")
        } else {
          lines.append("\(pad)\(key):")
          lines += value.render(indent: indent + (value.isList ? 0 : 2))
        }
      }
      return lines
    case .list(let items):
      var lines: [String] = []
      for item in items {
        let rendered = item.render(indent: indent + 2)
        guard let first = rendered.first else { continue }
        lines.append(pad + "- " + first.dropFirst(indent + 2))
        lines += rendered.dropFirst()
      }
      return lines
    }
  }

  private var isList: Bool {
    if case .list = self { return true }
    return false
  }

  /// Plain when YAML reads it back as the same string, double-quoted otherwise.
  static func quote(_ value: String) -> String {
    let plain = value.allSatisfy { $0.isLetter || $0.isNumber || "-_./:=%+".contains($0) }
    let ambiguous =
      Double(value) != nil
      || ["true", "false", "yes", "no", "on", "off", "null", "~", ""]
        .contains(value.lowercased())
    if plain && !ambiguous && !value.hasPrefix("-") && !value.contains(": ") { return value }
    let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"")
    return "\"\(escaped)\""
  }
}

/// Builds strategic-merge patches that change one container of a workload's pod template.
enum ContainerPatch {
  /// `fields` are set on the container named `container` (lists merge by name).
  static func make(
    owner: ObjectReference, container: String, isInit: Bool, fields: [(String, YAMLNode)]
  ) -> Patch {
    let containerNode = YAMLNode.map([("name", .scalar(container))] + fields)
    let podSpec = YAMLNode.map([(isInit ? "initContainers" : "containers", .list([containerNode]))])
    let root: YAMLNode =
      switch owner.kind {
      case "Pod": .map([("spec", podSpec)])
      case "CronJob":
        .map([
          (
            "spec",
            .map([
              (
                "jobTemplate",
                .map([("spec", .map([("template", .map([("spec", podSpec)]))]))])
              )
            ])
          )
        ])
      default: .map([("spec", .map([("template", .map([("spec", podSpec)]))]))])
      }
    return Patch(target: owner, yaml: root.render().joined(separator: "\n") + "\n")
  }

  /// `resources: {limits: {memory: 2560Mi}}` and the like.
  static func resources(limits: [(String, String)], requests: [(String, String)]) -> (
    String, YAMLNode
  ) {
    var entries: [(String, YAMLNode)] = []
    if !limits.isEmpty { entries.append(("limits", .map(limits.map { ($0.0, .scalar($0.1)) }))) }
    if !requests.isEmpty {
      entries.append(("requests", .map(requests.map { ($0.0, .scalar($0.1)) })))
    }
    return ("resources", .map(entries))
  }

  /// The command an operator would run to apply it.
  static func applyCommand(_ patch: Patch, file: String = "patch.yaml") -> String {
    let target = patch.target
    return "kubectl patch \(target.kind.lowercased()) \(target.name)"
      + (target.namespace.map { " -n \($0)" } ?? "")
      + " --type strategic --patch-file \(file)"
  }
}
