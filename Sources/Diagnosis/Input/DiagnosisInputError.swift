import Foundation

/// Input the engine cannot read, naming where it came from and what to do.
public enum DiagnosisInputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The bytes are not JSON at all.
  case invalidJSON(source: String)
  /// JSON, but not what `kubectl get -o json` prints (no `kind`, not an object).
  case notKubernetesJSON(source: String, problem: String)
  /// A field has the wrong type or a required one is missing; `path` is like `items[2].metadata.name`.
  case invalidField(source: String, path: String, problem: String)
  /// The kubectl tool's events answer is not in its documented shape, or reports an error.
  case invalidToolEvents(source: String, problem: String)

  public var source: String {
    switch self {
    case .invalidJSON(let source), .notKubernetesJSON(let source, _),
      .invalidField(let source, _, _), .invalidToolEvents(let source, _):
      source
    }
  }

  public var description: String {
    switch self {
    case .invalidJSON(let source):
      "\(source): is not valid JSON; give what `kubectl get ... -o json` prints"
    case .notKubernetesJSON(let source, let problem):
      "\(source): \(problem); give what `kubectl get ... -o json` prints"
    case .invalidField(let source, let path, let problem):
      "\(source): \(path) \(problem); fix or remove the object"
    case .invalidToolEvents(let source, let problem):
      "\(source): \(problem); check the kubectl tool with `meta-agent tools verify`"
    }
  }

  /// Translates a decoding failure into one line naming the field.
  static func from(_ error: any Error, source: String) -> DiagnosisInputError {
    guard let decodingError = error as? DecodingError else {
      return .invalidJSON(source: source)
    }
    switch decodingError {
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty { return .invalidJSON(source: source) }
      return .invalidField(
        source: source, path: path(context.codingPath), problem: "is not valid")
    case .keyNotFound(let key, let context):
      return .invalidField(
        source: source, path: path(context.codingPath + [key]), problem: "is missing")
    case .typeMismatch(let type, let context):
      if context.codingPath.isEmpty {
        return .notKubernetesJSON(source: source, problem: "is not a JSON object")
      }
      return .invalidField(
        source: source, path: path(context.codingPath), problem: "is not \(describe(type))")
    case .valueNotFound(let type, let context):
      return .invalidField(
        source: source, path: path(context.codingPath),
        problem: "is null, expected \(describe(type))")
    @unknown default:
      return .invalidJSON(source: source)
    }
  }

  private static func describe(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Int.Type, is Double.Type: "a number"
    case is Bool.Type: "a boolean"
    default:
      String(describing: type).hasPrefix("Array") ? "a list" : "an object"
    }
  }

  /// `items[2].metadata.name`
  static func path(_ codingPath: [any CodingKey]) -> String {
    var text = ""
    for key in codingPath {
      if let index = key.intValue {
        text += "[\(index)]"
      } else if key.stringValue.hasPrefix("Index ") {
        text += "[\(key.stringValue.dropFirst(6))]"
      } else {
        text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
      }
    }
    return text.isEmpty ? "the document" : text
  }
}
