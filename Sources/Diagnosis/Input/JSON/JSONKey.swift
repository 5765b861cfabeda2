import Foundation

/// An object member's key, still as bytes in the document: most keys are only
/// compared against the few names a struct reads (`case "metadata":`), so no
/// `String` is made unless one is asked for (`string`, for label maps).
struct JSONKey {
  let bytes: UnsafeRawBufferPointer
  /// Between the quotes.
  let range: Range<Int>
  /// Whether the key holds backslash escapes (then it is compared decoded).
  let escaped: Bool

  var string: String { Self.decode(bytes, range, escaped: escaped) }

  static func == (key: JSONKey, name: StaticString) -> Bool {
    if key.escaped { return key.string == name.description }
    let count = name.utf8CodeUnitCount
    guard key.range.count == count, let base = key.bytes.baseAddress else { return false }
    return memcmp(base + key.range.lowerBound, name.utf8Start, count) == 0
  }

  /// Lets a `switch key` match string literals.
  static func ~= (name: StaticString, key: JSONKey) -> Bool {
    key == name
  }

  /// The text of a string's bytes between its quotes, escapes undone (checked by
  /// the reader already). A lone surrogate becomes U+FFFD.
  static func decode(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, escaped: Bool)
    -> String
  {
    let raw = UnsafeRawBufferPointer(rebasing: bytes[range])
    guard escaped else { return String(decoding: raw, as: UTF8.self) }
    var text = [UInt8]()
    text.reserveCapacity(raw.count)
    var index = 0
    while index < raw.count {
      let byte = raw[index]
      guard byte == ByteCode.backslash else {
        text.append(byte)
        index += 1
        continue
      }
      let escape = raw[index + 1]
      index += 2
      switch escape {
      case UInt8(ascii: "b"): text.append(0x08)
      case UInt8(ascii: "f"): text.append(0x0C)
      case UInt8(ascii: "n"): text.append(0x0A)
      case UInt8(ascii: "r"): text.append(0x0D)
      case UInt8(ascii: "t"): text.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = hexQuad(raw, at: index)
        index += 4
        if (0xD800..<0xDC00).contains(scalar), index + 6 <= raw.count,
          raw[index] == ByteCode.backslash, raw[index + 1] == UInt8(ascii: "u")
        {
          let low = hexQuad(raw, at: index + 2)
          if (0xDC00..<0xE000).contains(low) {
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            index += 6
          }
        }
        let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        text.append(contentsOf: UTF8.encode(character)!)
      default: text.append(escape)  // \" \\ \/
      }
    }
    return String(decoding: text, as: UTF8.self)
  }

  static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  private static func hexQuad(_ raw: UnsafeRawBufferPointer, at index: Int) -> UInt32 {
    (index..<(index + 4)).reduce(0) { $0 << 4 | (hexValue(raw[$1]) ?? 0) }
  }
}
