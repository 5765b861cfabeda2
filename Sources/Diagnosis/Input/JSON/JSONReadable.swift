import Foundation

/// A type that reads itself from a `JSONReader`, consuming exactly one value.
protocol JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError)
}

extension JSONReadable {
  /// A whole document holding one value of this type.
  static func read(_ json: Data) throws(JSONReadError) -> Self {
    try JSONReader.readDocument(json) { reader throws(JSONReadError) in try Self(json: &reader) }
  }
}

extension String: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) { self = try json.readString() }
}

extension Int: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) { self = try json.readInt() }
}

extension Bool: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) { self = try json.readBool() }
}

extension Array: JSONReadable where Element: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self = []
    try json.readArray { reader, _ throws(JSONReadError) in append(try Element(json: &reader)) }
  }
}

extension JSONReader {
  /// A value that must be there and not null.
  mutating func read<Value: JSONReadable>(_ type: Value.Type = Value.self)
    throws(JSONReadError) -> Value
  {
    try Value(json: &self)
  }

  /// A member's value where `null` means the same as a missing member.
  mutating func readOptional<Value: JSONReadable>(_ type: Value.Type = Value.self)
    throws(JSONReadError) -> Value?
  {
    if try takeNull() { return nil }
    return try Value(json: &self)
  }

  /// A list of values, or nil for `null`.
  mutating func readList<Element: JSONReadable>(of type: Element.Type = Element.self)
    throws(JSONReadError) -> [Element]?
  {
    try readOptional([Element].self)
  }

  /// A map of strings (labels, annotations, node selectors), or nil for `null`.
  mutating func readStringMap() throws(JSONReadError) -> [String: String]? {
    try readMap { reader throws(JSONReadError) in try reader.readString() }
  }

  /// A map whose values are read by `value`, or nil for `null`.
  mutating func readMap(
    _ value: (inout JSONReader) throws(JSONReadError) -> String
  ) throws(JSONReadError) -> [String: String]? {
    if try takeNull() { return nil }
    var map: [String: String] = [:]
    try readObject { reader, key throws(JSONReadError) in map[key.string] = try value(&reader) }
    return map
  }

  /// The keys of a map whose values are never read (Secret and ConfigMap data).
  mutating func readKeyNames() throws(JSONReadError) -> [String]? {
    if try takeNull() { return nil }
    var names: [String] = []
    try readObject { reader, key throws(JSONReadError) in
      names.append(key.string)
      try reader.skipValue()
    }
    return names.sorted()
  }

  /// The one member `name` of the object ahead that a type keeps (nil when it is
  /// missing or null); every other member is skipped.
  mutating func readSingleMember<Value: JSONReadable>(
    _ name: StaticString, as type: Value.Type = Value.self
  ) throws(JSONReadError) -> Value? {
    var value: Value?
    try readObject { reader, key throws(JSONReadError) in
      guard key == name else { return try reader.skipValue() }
      value = try reader.readOptional()
    }
    return value
  }

  /// `value` when a required member was read, else the error naming it.
  func require<Value>(_ value: Value?, _ name: String) throws(JSONReadError) -> Value {
    guard let value else { throw JSONReadError.missing(name, at: position) }
    return value
  }
}
