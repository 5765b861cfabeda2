import Foundation

/// Reads JSON straight from its bytes into the engine's structs, field by field.
///
/// Why not `JSONDecoder`: a cluster dump is tens of megabytes of which the
/// analyzers read a few percent (no `managedFields`, annotations, most of the
/// spec). The decoder builds a dictionary of every key of every object it opens
/// and goes through generic containers for every field; this reader looks at
/// each key once, skips what no struct asks for without building anything, and
/// creates a `String` only for the values that are kept. It is strict JSON:
/// anything `JSONSerialization` would refuse is refused here, at its byte.
///
/// Types read themselves (`JSONReadable`); a reader is positioned before one
/// value, and each `read…` consumes exactly one value.
struct JSONReader {
  /// The kinds of JSON value, named as errors say them.
  enum ValueKind: Equatable {
    case object
    case array
    case string
    case number
    case bool
    case null
  }

  let bytes: UnsafeRawBufferPointer
  private(set) var position: Int
  /// How deep `skipValue` may nest before the input is refused (as JSONDecoder does).
  static let maximumDepth = 512

  init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0) {
    self.bytes = bytes
    self.position = position
  }

  // MARK: Structure

  /// Reads one object, handing each member's key to `member`, which must read or
  /// skip exactly that member's value. An error inside a member names its key.
  mutating func readObject(
    _ member: (inout JSONReader, JSONKey) throws(JSONReadError) -> Void
  ) throws(JSONReadError) {
    try forEachMember { reader, key throws(JSONReadError) in
      do throws(JSONReadError) {
        try member(&reader, key)
      } catch {
        throw error.inside(.key(key.string))
      }
      return true
    }
  }

  /// The members of the object ahead, until `member` returns false (it then has
  /// read the value it stopped at).
  private mutating func forEachMember(
    _ member: (inout JSONReader, JSONKey) throws(JSONReadError) -> Bool
  ) throws(JSONReadError) {
    try expect(.object)
    position += 1
    skipWhitespace()
    if take(ByteCode.closeBrace) { return }
    while true {
      skipWhitespace()
      guard position < bytes.count, bytes[position] == ByteCode.quote else {
        throw syntaxError()
      }
      let key = try scanString()
      skipWhitespace()
      guard take(ByteCode.colon) else { throw syntaxError() }
      skipWhitespace()
      guard try member(&self, JSONKey(bytes: bytes, range: key.range, escaped: key.escaped))
      else { return }
      skipWhitespace()
      if take(ByteCode.comma) { continue }
      guard take(ByteCode.closeBrace) else { throw syntaxError() }
      return
    }
  }

  /// Reads one array, calling `element` once per element with its index; an
  /// error inside an element names its index.
  mutating func readArray(
    _ element: (inout JSONReader, Int) throws(JSONReadError) -> Void
  ) throws(JSONReadError) {
    try expect(.array)
    position += 1
    skipWhitespace()
    if take(ByteCode.closeBracket) { return }
    var index = 0
    while true {
      skipWhitespace()
      do throws(JSONReadError) {
        try element(&self, index)
      } catch {
        throw error.inside(.index(index))
      }
      index += 1
      skipWhitespace()
      if take(ByteCode.comma) { continue }
      guard take(ByteCode.closeBracket) else { throw syntaxError() }
      return
    }
  }

  /// The kind of the next value, without consuming it.
  mutating func peekKind() throws(JSONReadError) -> ValueKind {
    skipWhitespace()
    guard position < bytes.count else { throw syntaxError() }
    switch bytes[position] {
    case ByteCode.openBrace: return .object
    case ByteCode.openBracket: return .array
    case ByteCode.quote: return .string
    case ByteCode.minus, ByteCode.zero...ByteCode.nine: return .number
    case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
    case UInt8(ascii: "n"): return .null
    default: throw syntaxError()
    }
  }

  /// Consumes a `null` and says so; any other value is left in place.
  mutating func takeNull() throws(JSONReadError) -> Bool {
    guard try peekKind() == .null else { return false }
    try takeLiteral("null")
    return true
  }

  /// The string value of the member `name` of the object ahead, when it has one,
  /// without moving: how a Kubernetes object's `kind` is found before the rest
  /// is read by the type it names.
  func peekStringMember(_ name: StaticString) throws(JSONReadError) -> String? {
    var ahead = self
    var found: String?
    try ahead.forEachMember { reader, key throws(JSONReadError) in
      guard key == name else {
        try reader.skipValue()
        return true
      }
      do throws(JSONReadError) {
        found = try reader.readString()
      } catch {
        throw error.inside(.key(key.string))
      }
      return false
    }
    return found
  }

  /// Moves past one value, checking that it is valid JSON.
  mutating func skipValue() throws(JSONReadError) {
    try skipValue(depth: 0)
  }

  private mutating func skipValue(depth: Int) throws(JSONReadError) {
    guard depth < Self.maximumDepth else {
      throw JSONReadError(.tooDeep, at: position)
    }
    switch try peekKind() {
    case .string: _ = try scanString()
    case .number: _ = try scanNumber()
    case .bool: try takeLiteral(bytes[position] == UInt8(ascii: "t") ? "true" : "false")
    case .null: try takeLiteral("null")
    case .object:
      try readObject { reader, _ throws(JSONReadError) in try reader.skipValue(depth: depth + 1) }
    case .array:
      try readArray { reader, _ throws(JSONReadError) in try reader.skipValue(depth: depth + 1) }
    }
  }

  /// After the document's one value: nothing but whitespace may follow.
  mutating func expectEnd() throws(JSONReadError) {
    skipWhitespace()
    guard position == bytes.count else { throw syntaxError() }
  }

  // MARK: Scalars

  mutating func readString() throws(JSONReadError) -> String {
    try expect(.string)
    let string = try scanString()
    return JSONKey.decode(bytes, string.range, escaped: string.escaped)
  }

  mutating func readBool() throws(JSONReadError) -> Bool {
    try expect(.bool)
    let isTrue = bytes[position] == UInt8(ascii: "t")
    try takeLiteral(isTrue ? "true" : "false")
    return isTrue
  }

  /// A whole number; `3.0` is 3, `3.5` or one beyond `Int` is refused.
  mutating func readInt() throws(JSONReadError) -> Int {
    try expect(.number)
    let start = position
    if let value = try scanNumber() { return value }
    if let double = Double(text(since: start)), double.rounded() == double,
      let value = Int(exactly: double)
    {
      return value
    }
    throw JSONReadError(.wrongType(expected: "a whole number"), at: start)
  }

  /// A number's text as it reads (`8080`, `0.5`), or a string: `port: 8080` and
  /// `port: http`, `cpu: 1` and `cpu: "1"`.
  mutating func readNumberOrString() throws(JSONReadError) -> String {
    switch try peekKind() {
    case .string:
      return try readString()
    case .number:
      let start = position
      if let value = try scanNumber() { return String(value) }
      let literal = text(since: start)
      return Double(literal).map { String($0) } ?? literal
    default:
      throw kindError(expected: "a number or a string")
    }
  }

  // MARK: Bytes

  /// The bytes read since `start`, as text (a number's literal).
  private func text(since start: Int) -> String {
    String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
  }

  /// Throws the right error when the next value is not of `kind`: null is
  /// "is null", anything else "is not …".
  private mutating func expect(_ kind: ValueKind) throws(JSONReadError) {
    guard try peekKind() != kind else { return }
    throw kindError(expected: kind.described)
  }

  private mutating func kindError(expected: String) -> JSONReadError {
    if (try? peekKind()) == .null { return JSONReadError(.null(expected: expected), at: position) }
    return JSONReadError(.wrongType(expected: expected), at: position)
  }

  private func syntaxError() -> JSONReadError {
    JSONReadError(.syntax, at: position)
  }

  private mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x0A, 0x0D, 0x09: position += 1
      default: return
      }
    }
  }

  private mutating func take(_ byte: UInt8) -> Bool {
    guard position < bytes.count, bytes[position] == byte else { return false }
    position += 1
    return true
  }

  private mutating func takeLiteral(_ literal: StaticString) throws(JSONReadError) {
    let count = literal.utf8CodeUnitCount
    guard position + count <= bytes.count else { throw syntaxError() }
    for offset in 0..<count where bytes[position + offset] != literal.utf8Start[offset] {
      throw syntaxError()
    }
    position += count
  }

  /// Moves past a string (positioned on its opening quote), checking its escapes;
  /// returns the range between the quotes and whether it holds escapes.
  private mutating func scanString() throws(JSONReadError) -> (range: Range<Int>, escaped: Bool) {
    position += 1
    let start = position
    var escaped = false
    while position < bytes.count {
      let byte = bytes[position]
      if byte == ByteCode.quote {
        position += 1
        return (start..<(position - 1), escaped)
      }
      if byte == ByteCode.backslash {
        escaped = true
        try scanEscape()
        continue
      }
      if byte >= 0x80 {
        try scanUTF8Sequence(lead: byte)
        continue
      }
      // Raw control characters are not allowed inside JSON strings.
      guard byte >= 0x20 else { throw syntaxError() }
      position += 1
    }
    throw syntaxError()
  }

  /// Moves past one multi-byte UTF-8 character, refusing what is not UTF-8
  /// (stray continuation bytes, overlong forms, surrogates, beyond U+10FFFF).
  private mutating func scanUTF8Sequence(lead: UInt8) throws(JSONReadError) {
    let length: Int
    var second: ClosedRange<UInt8> = 0x80...0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      second = 0xA0...0xBF
    case 0xED:
      length = 3
      second = 0x80...0x9F
    case 0xE1...0xEF: length = 3
    case 0xF0:
      length = 4
      second = 0x90...0xBF
    case 0xF4:
      length = 4
      second = 0x80...0x8F
    case 0xF1...0xF3: length = 4
    default: throw syntaxError()
    }
    guard position + length <= bytes.count, second.contains(bytes[position + 1]) else {
      throw syntaxError()
    }
    for offset in 2..<length where bytes[position + offset] & 0xC0 != 0x80 {
      throw syntaxError()
    }
    position += length
  }

  private mutating func scanEscape() throws(JSONReadError) {
    guard position + 1 < bytes.count else { throw syntaxError() }
    switch bytes[position + 1] {
    case ByteCode.quote, ByteCode.backslash, UInt8(ascii: "/"), UInt8(ascii: "b"),
      UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
      position += 2
    case UInt8(ascii: "u"):
      guard position + 6 <= bytes.count else { throw syntaxError() }
      for offset in 2..<6 where JSONKey.hexValue(bytes[position + offset]) == nil {
        throw syntaxError()
      }
      position += 6
    default:
      throw syntaxError()
    }
  }

  /// Moves past a number in JSON's grammar; returns its value when it is a plain
  /// integer that fits in `Int`.
  private mutating func scanNumber() throws(JSONReadError) -> Int? {
    let negative = take(ByteCode.minus)
    var value = 0
    var fits = true
    guard position < bytes.count, isDigit(bytes[position]) else { throw syntaxError() }
    if bytes[position] == ByteCode.zero {
      position += 1
    } else {
      while position < bytes.count, isDigit(bytes[position]) {
        let digit = Int(bytes[position] &- ByteCode.zero)
        let (times, overflowed) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflowedAgain) =
          negative
          ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
        fits = fits && !overflowed && !overflowedAgain
        value = sum
        position += 1
      }
    }
    var plain = true
    if take(UInt8(ascii: ".")) {
      plain = false
      try scanDigits()
    }
    if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
      plain = false
      position += 1
      if !take(UInt8(ascii: "+")) { _ = take(ByteCode.minus) }
      try scanDigits()
    }
    return plain && fits ? value : nil
  }

  private mutating func scanDigits() throws(JSONReadError) {
    guard position < bytes.count, isDigit(bytes[position]) else { throw syntaxError() }
    while position < bytes.count, isDigit(bytes[position]) { position += 1 }
  }

  private func isDigit(_ byte: UInt8) -> Bool {
    byte >= ByteCode.zero && byte <= ByteCode.nine
  }
}

/// The bytes the reader looks for.
enum ByteCode {
  static let quote = UInt8(ascii: "\"")
  static let backslash = UInt8(ascii: "\\")
  static let openBrace = UInt8(ascii: "{")
  static let closeBrace = UInt8(ascii: "}")
  static let openBracket = UInt8(ascii: "[")
  static let closeBracket = UInt8(ascii: "]")
  static let colon = UInt8(ascii: ":")
  static let comma = UInt8(ascii: ",")
  static let minus = UInt8(ascii: "-")
  static let zero = UInt8(ascii: "0")
  static let nine = UInt8(ascii: "9")
}

extension JSONReader.ValueKind {
  /// As an error says it: "is not a string".
  var described: String {
    switch self {
    case .object: "an object"
    case .array: "a list"
    case .string: "a string"
    case .number: "a number"
    case .bool: "a boolean"
    case .null: "null"
    }
  }
}

extension JSONReader {
  /// Reads a whole document with `body`, which must consume its one value;
  /// only whitespace may follow.
  static func readDocument<Value>(
    _ json: Data, _ body: (inout JSONReader) throws(JSONReadError) -> Value
  ) throws(JSONReadError) -> Value {
    try json.withUnsafeBytes { raw in
      Result { () throws(JSONReadError) in
        var reader = JSONReader(raw)
        let value = try body(&reader)
        try reader.expectEnd()
        return value
      }
    }.get()
  }
}
