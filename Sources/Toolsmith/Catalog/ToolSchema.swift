import Foundation

/// The JSON Schema of one tool's arguments, as `tools/list` declares it and the
/// server enforces it; only the subset the templates' validators understand.
public struct ArgumentSchema: Sendable, Equatable, Codable {
  public var type = "object"
  public var properties: [String: PropertySchema]
  public var required: [String]
  public var additionalProperties = false

  public init(properties: [String: PropertySchema], required: [String] = []) {
    self.properties = properties
    self.required = required
  }
}

/// One argument: a string (with a pattern that keeps flags out of argv, or a
/// fixed set of values), an integer within bounds, or a boolean.
public struct PropertySchema: Sendable, Equatable, Codable {
  public var type: String
  public var description: String
  public var pattern: String?
  public var maxLength: Int?
  public var minimum: Int?
  public var maximum: Int?
  /// The only values a string may take (JSON Schema `enum`), shown to clients; the
  /// templates' checker enforces the `pattern` that `oneOf` pairs with it.
  public var allowed: [String]?

  enum CodingKeys: String, CodingKey {
    case type, description, pattern, maxLength, minimum, maximum
    case allowed = "enum"
  }

  public static func string(_ description: String, pattern: String? = nil, maxLength: Int? = nil)
    -> PropertySchema
  {
    PropertySchema(type: "string", description: description, pattern: pattern, maxLength: maxLength)
  }

  /// A string that must be one of `values`, declared as `enum` and enforced by a
  /// pattern matching exactly those values (the templates' checker knows patterns).
  public static func oneOf(_ description: String, _ values: [String]) -> PropertySchema {
    let alternatives = values.map { NSRegularExpression.escapedPattern(for: $0) }
    return PropertySchema(
      type: "string", description: description,
      pattern: "^(?:" + alternatives.joined(separator: "|") + ")$",
      maxLength: values.map(\.count).max(), allowed: values)
  }

  public static func integer(_ description: String, minimum: Int, maximum: Int) -> PropertySchema {
    PropertySchema(type: "integer", description: description, minimum: minimum, maximum: maximum)
  }

  public static func boolean(_ description: String) -> PropertySchema {
    PropertySchema(type: "boolean", description: description)
  }
}

/// One read-only function a tool offers, exactly as its server lists it.
public struct ToolFunction: Sendable, Equatable, Codable {
  public var name: String
  public var description: String
  public var inputSchema: ArgumentSchema

  public init(name: String, description: String, inputSchema: ArgumentSchema) {
    self.name = name
    self.description = description
    self.inputSchema = inputSchema
  }
}
