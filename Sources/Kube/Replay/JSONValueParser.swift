import Foundation

/// Parses JSON text into a `JSONValue` straight from its bytes.
///
/// Why not `JSONDecoder`: decoding arbitrary JSON through `Decodable` makes a
/// container and a coding path for every value; a 61 MB capture (10,000 pods)
/// took 15 s to load that way. Strict JSON all the same: what
/// `JSONSerialization` refuses is refused, and nesting is capped.
struct JSONValueParser {
  /// Where the text stops being JSON.
  struct Failure: Error, Equatable {
    var offset: Int
  }

  static let maximumDepth = 512

  private let bytes: UnsafeRawBufferPointer
  private var position = 0

  private init(_ bytes: UnsafeRawBufferPointer) {
    self.bytes = bytes
  }

  static func parse(_ data: Data) throws(Failure) -> JSONValue {
    let result = data.withUnsafeBytes { raw in
      Result { () throws(Failure) -> JSONValue in
        var parser = JSONValueParser(raw)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == raw.count else { throw parser.failure() }
        return value
      }
    }
    return try result.get()
  }

  private func failure() -> Failure { Failure(offset: position) }

  private mutating func value(depth: Int) throws(Failure) -> JSONValue {
    guard depth < Self.maximumDepth else { throw failure() }
    skipWhitespace()
    guard position < bytes.count else { throw failure() }
    switch bytes[position] {
    case UInt8(ascii: "{"):
      position += 1
      var members: [String: JSONValue] = [:]
      skipWhitespace()
      if take(UInt8(ascii: "}")) { return .object(members) }
      repeat {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
          throw failure()
        }
        let key = try string()
        skipWhitespace()
        guard take(UInt8(ascii: ":")) else { throw failure() }
        members[key] = try value(depth: depth + 1)
        skipWhitespace()
      } while take(UInt8(ascii: ","))
      guard take(UInt8(ascii: "}")) else { throw failure() }
      return .object(members)
    case UInt8(ascii: "["):
      position += 1
      var items: [JSONValue] = []
      skipWhitespace()
      if take(UInt8(ascii: "]")) { return .array(items) }
      repeat {
        items.append(try value(depth: depth + 1))
        skipWhitespace()
      } while take(UInt8(ascii: ","))
      guard take(UInt8(ascii: "]")) else { throw failure() }
      return .array(items)
    case UInt8(ascii: "\""):
      return .string(try string())
    case UInt8(ascii: "t"):
      try literal("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try literal("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try literal("null")
      return .null
    default:
      return try number()
    }
  }

  /// A string, positioned on its opening quote; escapes undone, UTF-8 checked.
  private mutating func string() throws(Failure) -> String {
    position += 1
    let start = position
    var escaped = false
    while position < bytes.count {
      let byte = bytes[position]
      switch byte {
      case UInt8(ascii: "\""):
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
        position += 1
        if !escaped, let text = String(validating: raw, as: UTF8.self) { return text }
        return try Self.unescaped(raw, at: start)
      case UInt8(ascii: "\\"):
        escaped = true
        position += 2
      case ..<0x20:
        throw failure()
      default:
        position += 1
      }
    }
    throw failure()
  }

  /// The text of an escaped (or non-UTF-8) string's bytes, or where it is invalid.
  private static func unescaped(_ raw: UnsafeRawBufferPointer, at start: Int)
    throws(Failure) -> String
  {
    var text: [UInt8] = []
    text.reserveCapacity(raw.count)
    var index = 0
    while index < raw.count {
      let byte = raw[index]
      guard byte == UInt8(ascii: "\\") else {
        text.append(byte)
        index += 1
        continue
      }
      guard index + 1 < raw.count else { throw Failure(offset: start + index) }
      let escape = raw[index + 1]
      index += 2
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
      case UInt8(ascii: "b"): text.append(0x08)
      case UInt8(ascii: "f"): text.append(0x0C)
      case UInt8(ascii: "n"): text.append(0x0A)
      case UInt8(ascii: "r"): text.append(0x0D)
      case UInt8(ascii: "t"): text.append(0x09)
      case UInt8(ascii: "u"):
        guard var scalar = hexQuad(raw, at: index) else { throw Failure(offset: start + index) }
        index += 4
        if (0xD800..<0xDC00).contains(scalar), index + 6 <= raw.count,
          raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u"),
          let low = hexQuad(raw, at: index + 2), (0xDC00..<0xE000).contains(low)
        {
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          index += 6
        }
        text.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}")!)
      default:
        throw Failure(offset: start + index - 1)
      }
    }
    guard let string = String(validating: text, as: UTF8.self) else {
      throw Failure(offset: start)
    }
    return string
  }

  private static func hexQuad(_ raw: UnsafeRawBufferPointer, at index: Int) -> UInt32? {
    guard index + 4 <= raw.count else { return nil }
    var value: UInt32 = 0
    for offset in index..<(index + 4) {
      let byte = raw[offset]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
      default: return nil
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  /// A number in JSON's grammar: an integer that fits stays `.integer`.
  private mutating func number() throws(Failure) -> JSONValue {
    let start = position
    _ = take(UInt8(ascii: "-"))
    guard position < bytes.count, isDigit(bytes[position]) else { throw failure() }
    if bytes[position] == UInt8(ascii: "0") {
      position += 1
    } else {
      while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }
    var whole = true
    if take(UInt8(ascii: ".")) {
      whole = false
      try digits()
    }
    if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
      whole = false
      position += 1
      if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
      try digits()
    }
    let text = String(
      decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    if whole, let integer = Int64(text) { return .integer(integer) }
    guard let double = Double(text) else { throw Failure(offset: start) }
    return .double(double)
  }

  private mutating func digits() throws(Failure) {
    guard position < bytes.count, isDigit(bytes[position]) else { throw failure() }
    while position < bytes.count, isDigit(bytes[position]) { position += 1 }
  }

  private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  private mutating func literal(_ word: StaticString) throws(Failure) {
    let count = word.utf8CodeUnitCount
    guard position + count <= bytes.count else { throw failure() }
    for offset in 0..<count where bytes[position + offset] != word.utf8Start[offset] {
      throw failure()
    }
    position += count
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
}
