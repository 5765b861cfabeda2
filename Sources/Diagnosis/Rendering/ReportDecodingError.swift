/// Why a JSON diagnosis report could not be read back.
public enum ReportDecodingError: Error, Equatable, CustomStringConvertible {
  /// The bytes are not JSON, or not a JSON object.
  case notJSON(detail: String)
  /// A required field is absent; `path` is in the schema's snake_case, e.g. `findings[0].severity`.
  case missingField(path: String)
  /// A field holds the wrong type or an unknown enum value.
  case invalidValue(path: String, detail: String)
  /// Written by a newer meta-agent whose schema this one does not know.
  case unsupportedSchemaVersion(found: Int, supported: Int)

  public var description: String {
    switch self {
    case .notJSON(let detail):
      "the diagnosis report is not a JSON object (\(detail))"
    case .missingField(let path):
      "the diagnosis report has no `\(path)`; it is required (docs/diagnosis-schema.md)"
    case .invalidValue(let path, let detail):
      "the diagnosis report's `\(path)` is invalid: \(detail) (docs/diagnosis-schema.md)"
    case .unsupportedSchemaVersion(let found, let supported):
      "the diagnosis report has schema_version \(found), this meta-agent reads up to"
        + " \(supported); upgrade meta-agent to read it"
    }
  }

  init(_ error: any Error) {
    guard let decodingError = error as? DecodingError else {
      self = .notJSON(detail: "\(error)")
      return
    }
    switch decodingError {
    case .keyNotFound(let key, let context):
      self = .missingField(path: Self.path(context.codingPath + [key]))
    case .typeMismatch(let type, let context):
      self = .invalidValue(
        path: Self.path(context.codingPath), detail: "expected \(Self.jsonName(of: type))")
    case .valueNotFound(let type, let context):
      self = .invalidValue(
        path: Self.path(context.codingPath), detail: "expected \(Self.jsonName(of: type)), not null"
      )
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty {
        self = .notJSON(detail: context.debugDescription)
      } else {
        self = .invalidValue(path: Self.path(context.codingPath), detail: context.debugDescription)
      }
    @unknown default:
      self = .notJSON(detail: "\(decodingError)")
    }
  }

  /// `findings[0].root_cause` from the decoder's coding path.
  static func path(_ codingPath: [any CodingKey]) -> String {
    var path = ""
    for key in codingPath {
      if let index = key.intValue {
        path += "[\(index)]"
      } else {
        path += (path.isEmpty ? "" : ".") + snakeCase(key.stringValue)
      }
    }
    return path.isEmpty ? "(top level)" : path
  }

  private static func snakeCase(_ name: String) -> String {
    var result = ""
    for character in name {
      if character.isUppercase {
        if !result.isEmpty { result.append("_") }
        result += character.lowercased()
      } else {
        result.append(character)
      }
    }
    return result
  }

  private static func jsonName(of type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Int.Type: "an integer"
    case is Bool.Type: "true or false"
    default: "\(type)"
    }
  }
}
