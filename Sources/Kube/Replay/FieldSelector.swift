/// A parsed `fieldSelector` query (`field=value`, `field==value`,
/// `field!=value`, comma-separated, `\` escaping), limited to the fields the
/// API server itself supports for each kind.
public struct FieldSelector: Sendable, Equatable {
  /// One comparison of a field with a value.
  public struct Requirement: Sendable, Equatable {
    public var field: String
    public var value: String
    public var negated: Bool
  }

  public var requirements: [Requirement]

  /// Why a selector was refused; the server answers 400 with the same words as Kubernetes.
  public struct ParseError: Error, Equatable, CustomStringConvertible {
    public var description: String
  }

  public init(parsing text: String) throws {
    requirements = try Self.splitUnescaped(text, on: ",").filter { !$0.isEmpty }.map {
      try Self.requirement(from: $0)
    }
  }

  /// Fields every kind supports.
  private static let common = ["metadata.name", "metadata.namespace"]
  /// Extra fields by kind, as the API server registers them (pkg/registry/*/strategy.go).
  private static let byKind: [String: [String]] = [
    "Pod": [
      "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
      "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
    ],
    "Event": [
      "involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
      "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
      "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
    ],
    "Node": ["spec.unschedulable"],
    "Namespace": ["status.phase"],
    "Secret": ["type"],
    "ReplicaSet": ["status.replicas"],
    "ReplicationController": ["status.replicas"],
    "Job": ["status.successful"],
  ]
  /// events.k8s.io/v1 names for core event fields, since both are queried.
  private static let eventAliases: [String: String] = [
    "regarding.kind": "involvedObject.kind", "regarding.namespace": "involvedObject.namespace",
    "regarding.name": "involvedObject.name", "regarding.uid": "involvedObject.uid",
    "regarding.apiVersion": "involvedObject.apiVersion",
    "regarding.resourceVersion": "involvedObject.resourceVersion",
    "regarding.fieldPath": "involvedObject.fieldPath",
    "reportingController": "reportingComponent", "deprecatedSource": "source",
  ]

  /// Checks every field is supported for `kind`, like the server does before listing.
  public func validate(for kind: String) throws {
    for requirement in requirements {
      let field = Self.canonical(requirement.field, kind: kind)
      guard Self.common.contains(field) || (Self.byKind[kind] ?? []).contains(field) else {
        throw ParseError(
          description: "field label not supported: \(requirement.field)")
      }
    }
  }

  /// True when every requirement holds; a missing field compares as the empty string.
  public func matches(_ object: JSONValue) -> Bool {
    let kind = object.string(at: "kind") ?? ""
    return requirements.allSatisfy { requirement in
      let actual = Self.fieldValue(
        Self.canonical(requirement.field, kind: kind), in: object)
      return (actual == requirement.value) != requirement.negated
    }
  }

  private static func canonical(_ field: String, kind: String) -> String {
    kind == "Event" ? (eventAliases[field] ?? field) : field
  }

  /// Reads a field from either event shape, rendering numbers and booleans as the server does.
  private static func fieldValue(_ field: String, in object: JSONValue) -> String {
    let isEventsGroup = object.string(at: "apiVersion") == "events.k8s.io/v1"
    var path = field
    if isEventsGroup, let alias = eventAliases.first(where: { $0.value == field })?.key {
      path = alias
    }
    if field == "source" {
      path = isEventsGroup ? "deprecatedSource.component" : "source.component"
    }
    switch object.value(at: path) {
    case .string(let text)?: return text
    case .integer(let number)?: return String(number)
    case .bool(let flag)?: return flag ? "true" : "false"
    default: return ""
    }
  }

  private static func requirement(from text: String) throws -> Requirement {
    for (symbol, negated) in [("!=", true), ("==", false), ("=", false)] {
      if let range = firstUnescaped(symbol, in: text) {
        let field = String(text[..<range.lowerBound]).trimmingSpaces
        guard !field.isEmpty else { throw ParseError(description: "invalid selector: \(text)") }
        return Requirement(
          field: field, value: unescape(String(text[range.upperBound...])), negated: negated)
      }
    }
    throw ParseError(description: "invalid selector: '\(text)'; can't understand '\(text)'")
  }

  private static func firstUnescaped(_ symbol: String, in text: String) -> Range<String.Index>? {
    var index = text.startIndex
    while index < text.endIndex {
      if text[index] == "\\" {
        index = text.index(after: index)
        if index < text.endIndex { index = text.index(after: index) }
        continue
      }
      if text[index...].hasPrefix(symbol) {
        return index..<text.index(index, offsetBy: symbol.count)
      }
      index = text.index(after: index)
    }
    return nil
  }

  private static func splitUnescaped(_ text: String, on separator: Character) -> [String] {
    var parts: [String] = []
    var current = ""
    var escaped = false
    for character in text {
      if escaped {
        current.append(character)
        escaped = false
      } else if character == "\\" {
        current.append(character)
        escaped = true
      } else if character == separator {
        parts.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    parts.append(current)
    return parts
  }

  private static func unescape(_ text: String) -> String {
    var result = ""
    var escaped = false
    for character in text {
      if !escaped && character == "\\" {
        escaped = true
        continue
      }
      escaped = false
      result.append(character)
    }
    return result
  }
}
