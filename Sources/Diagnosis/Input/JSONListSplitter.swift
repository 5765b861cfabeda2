import Foundation

/// Finds the items of a big `List` document without decoding it: one pass over
/// the bytes that records where each element of the top-level `items` array
/// starts and ends, and reads the top-level `kind`. The items are then decoded
/// one by one, on every core, so a 10,000-pod dump never needs one decoder's
/// map of the whole document. Anything unusual returns nil and the caller takes
/// the plain path, which also reports errors precisely.
struct JSONListSplitter {
  struct Split {
    /// The top-level `kind` (`PodList`, `List`), when present.
    var kind: String?
    /// Byte ranges of the elements of `items`, in order.
    var items: [Range<Int>]
  }

  private let bytes: UnsafeRawBufferPointer
  private var position = 0

  private init(_ bytes: UnsafeRawBufferPointer) {
    self.bytes = bytes
  }

  static func split(_ bytes: UnsafeRawBufferPointer) -> Split? {
    var splitter = JSONListSplitter(bytes)
    return splitter.topLevel()
  }

  private static let quote = UInt8(ascii: "\"")
  private static let backslash = UInt8(ascii: "\\")

  private mutating func topLevel() -> Split? {
    skipWhitespace()
    guard take(UInt8(ascii: "{")) else { return nil }
    var split = Split(kind: nil, items: [])
    var sawItems = false
    skipWhitespace()
    if take(UInt8(ascii: "}")) { return nil }
    while true {
      skipWhitespace()
      guard let key = simpleString() else { return nil }
      skipWhitespace()
      guard take(UInt8(ascii: ":")) else { return nil }
      skipWhitespace()
      if key == "kind" {
        guard let kind = simpleString() else { return nil }
        split.kind = kind
      } else if key == "items" {
        guard items(into: &split.items) else { return nil }
        sawItems = true
      } else {
        guard skipValue() else { return nil }
      }
      skipWhitespace()
      if take(UInt8(ascii: ",")) { continue }
      guard take(UInt8(ascii: "}")) else { return nil }
      break
    }
    skipWhitespace()
    guard position == bytes.count, sawItems else { return nil }
    return split
  }

  private mutating func items(into ranges: inout [Range<Int>]) -> Bool {
    guard take(UInt8(ascii: "[")) else { return false }
    skipWhitespace()
    if take(UInt8(ascii: "]")) { return true }
    while true {
      skipWhitespace()
      let start = position
      guard position < bytes.count, bytes[position] == UInt8(ascii: "{"), skipValue() else {
        return false
      }
      ranges.append(start..<position)
      skipWhitespace()
      if take(UInt8(ascii: ",")) { continue }
      return take(UInt8(ascii: "]"))
    }
  }

  /// A string without escapes (keys and kinds are plain ASCII).
  private mutating func simpleString() -> String? {
    guard take(Self.quote) else { return nil }
    let start = position
    while position < bytes.count {
      let byte = bytes[position]
      if byte == Self.backslash { return nil }
      if byte == Self.quote {
        let text = String(
          decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        position += 1
        return text
      }
      position += 1
    }
    return nil
  }

  /// Moves past one JSON value; objects and arrays by depth, strings by their quotes.
  private mutating func skipValue() -> Bool {
    guard position < bytes.count else { return false }
    switch bytes[position] {
    case Self.quote:
      return skipString()
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      var depth = 0
      while position < bytes.count {
        switch bytes[position] {
        case Self.quote:
          guard skipString() else { return false }
          continue
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
          depth -= 1
          if depth == 0 {
            position += 1
            return true
          }
        default:
          break
        }
        position += 1
      }
      return false
    default:
      while position < bytes.count {
        switch bytes[position] {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
          return true
        default:
          position += 1
        }
      }
      return true
    }
  }

  private mutating func skipString() -> Bool {
    position += 1
    while position < bytes.count {
      let byte = bytes[position]
      if byte == Self.backslash {
        position += 2
        continue
      }
      position += 1
      if byte == Self.quote { return true }
    }
    return false
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
