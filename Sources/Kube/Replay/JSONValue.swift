import Foundation
import Yams

/// A JSON document held as a value, so snapshots are Sendable and can be
/// filtered and re-encoded without Foundation's untyped `Any`.
public enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case integer(Int64)
  case double(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  /// The member named `key` when this is an object.
  public subscript(key: String) -> JSONValue? {
    if case .object(let members) = self { return members[key] }
    return nil
  }

  /// The value at a dotted path such as `metadata.name`.
  public func value(at path: String) -> JSONValue? {
    var current: JSONValue? = self
    for key in path.split(separator: ".") { current = current?[String(key)] }
    return current
  }

  /// The string at a dotted path, or nil when it is missing or not a string.
  public func string(at path: String) -> String? {
    if case .string(let text)? = value(at: path) { return text }
    return nil
  }

  /// The integer at a dotted path, or nil when it is missing or not a whole number.
  public func integer(at path: String) -> Int64? {
    switch value(at: path) {
    case .integer(let number)?: return number
    case .double(let number)? where number.rounded() == number: return Int64(number)
    default: return nil
    }
  }

  public var arrayValue: [JSONValue] {
    if case .array(let items) = self { return items }
    return []
  }

  public var objectValue: [String: JSONValue] {
    if case .object(let members) = self { return members }
    return [:]
  }

  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// A copy with `key` set (only meaningful on objects).
  public func setting(_ key: String, to value: JSONValue) -> JSONValue {
    guard case .object(var members) = self else { return self }
    members[key] = value
    return .object(members)
  }
}

extension JSONValue {
  /// Parses JSON text; objects keep their keys, numbers stay integers when whole.
  public static func parse(json data: Data) throws -> JSONValue {
    try JSONValueParser.parse(data)
  }

  /// Parses a YAML document into the same model, using YAML's own tag resolution.
  public static func parse(yaml text: String) throws -> [JSONValue] {
    var documents = try Yams.compose_all(yaml: text)
    var values: [JSONValue] = []
    while let node = documents.next() { values.append(try JSONValue(node: node)) }
    if let error = documents.error { throw error }
    return values
  }

  private init(node: Node) throws {
    switch node {
    case .scalar(let scalar):
      self = JSONValue(scalar: scalar, tag: Tag.Name(rawValue: node.tag.rawValue))
    case .sequence(let sequence):
      self = .array(try sequence.map(JSONValue.init(node:)))
    case .mapping(let mapping):
      var members: [String: JSONValue] = [:]
      for (key, value) in mapping {
        guard let name = key.string else { throw YamlShapeError.nonStringKey }
        members[name] = try JSONValue(node: value)
      }
      self = .object(members)
    case .alias:
      throw YamlShapeError.alias
    }
  }

  private init(scalar: Node.Scalar, tag: Tag.Name) {
    let text = scalar.string
    switch tag {
    case .null: self = .null
    case .bool: self = .bool(["true", "yes", "on"].contains(text.lowercased()))
    case .int: self = Int64(text).map(JSONValue.integer) ?? .string(text)
    case .float: self = Double(text).map(JSONValue.double) ?? .string(text)
    default: self = .string(text)
    }
  }

  /// Why a YAML document could not become JSON.
  enum YamlShapeError: Error, CustomStringConvertible {
    case nonStringKey
    case alias

    var description: String {
      switch self {
      case .nonStringKey: return "a mapping key is not a string"
      case .alias: return "YAML aliases are not supported"
      }
    }
  }
}

extension JSONValue: Codable {
  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let flag = try? container.decode(Bool.self) {
      self = .bool(flag)
    } else if let number = try? container.decode(Int64.self) {
      self = .integer(number)
    } else if let number = try? container.decode(Double.self) {
      self = .double(number)
    } else if let text = try? container.decode(String.self) {
      self = .string(text)
    } else if let items = try? container.decode([JSONValue].self) {
      self = .array(items)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let flag): try container.encode(flag)
    case .integer(let number): try container.encode(number)
    case .double(let number): try container.encode(number)
    case .string(let text): try container.encode(text)
    case .array(let items): try container.encode(items)
    case .object(let members): try container.encode(members)
    }
  }

  /// Compact JSON with sorted keys, so responses are stable byte for byte.
  public func jsonData(pretty: Bool = false) -> Data {
    guard pretty else {
      var bytes: [UInt8] = []
      append(to: &bytes)
      return Data(bytes)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return (try? encoder.encode(self)) ?? Data("null".utf8)
  }

  /// Compact JSON written by hand: `JSONEncoder` served a 2,000-pod page in 0.6 s
  /// (15 MB/s), which made the replay cluster the slowest part of a big run.
  func append(to bytes: inout [UInt8]) {
    switch self {
    case .null: bytes += "null".utf8
    case .bool(let flag): bytes += (flag ? "true" : "false").utf8
    case .integer(let number): bytes += String(number).utf8
    case .double(let number): bytes += (number.isFinite ? String(number) : "null").utf8
    case .string(let text): Self.append(string: text, to: &bytes)
    case .array(let items):
      bytes.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { bytes.append(UInt8(ascii: ",")) }
        item.append(to: &bytes)
      }
      bytes.append(UInt8(ascii: "]"))
    case .object(let members):
      bytes.append(UInt8(ascii: "{"))
      for (index, key) in members.keys.sorted().enumerated() {
        if index > 0 { bytes.append(UInt8(ascii: ",")) }
        Self.append(string: key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        members[key]!.append(to: &bytes)
      }
      bytes.append(UInt8(ascii: "}"))
    }
  }

  /// A JSON string: quotes, backslashes and control characters escaped; the rest,
  /// `/` and non-ASCII included, as UTF-8.
  private static func append(string: String, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    for byte in string.utf8 {
      switch byte {
      case UInt8(ascii: "\""): bytes += #"\""#.utf8
      case UInt8(ascii: "\\"): bytes += #"\\"#.utf8
      case 0x0A: bytes += #"\n"#.utf8
      case 0x0D: bytes += #"\r"#.utf8
      case 0x09: bytes += #"\t"#.utf8
      case 0x08: bytes += #"\b"#.utf8
      case 0x0C: bytes += #"\f"#.utf8
      case ..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        bytes += #"\u00"#.utf8
        bytes += [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByDictionaryLiteral,
  ExpressibleByArrayLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(integerLiteral value: Int64) { self = .integer(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
}
