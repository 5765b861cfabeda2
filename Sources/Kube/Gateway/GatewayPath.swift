/// A request path reduced to clean segments, so the gateway checks exactly
/// the path it forwards and no encoding can smuggle a different one past it.
public struct GatewayPath: Sendable, Equatable {
  /// The decoded segments; none is empty, `.` or `..`, and each holds only
  /// characters Kubernetes names and API groups use.
  public let segments: [String]

  /// The path as it is forwarded upstream.
  public var text: String { "/" + segments.joined(separator: "/") }

  /// Why a raw path did not normalize cleanly.
  public enum Problem: Error, Sendable, Equatable {
    case notAbsolute
    case tooLong
    case emptySegment
    case dotSegment
    case badPercentEncoding
    case disallowedCharacter
  }

  /// Longer paths than this are refused; real API paths stay far below it.
  static let maximumLength = 2048

  /// Letters, digits and the punctuation found in Kubernetes names, API
  /// groups and versions (RBAC names use `:`); everything else is refused.
  private static func isAllowed(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
      UInt8(ascii: "~"):
      return true
    default:
      return false
    }
  }

  /// Splits on literal slashes first and decodes each segment afterwards, so
  /// an encoded slash (`%2F`) becomes a refused character, not a separator.
  public init(raw: some StringProtocol) throws(Problem) {
    let bytes = Array(raw.utf8)
    guard bytes.first == UInt8(ascii: "/") else { throw .notAbsolute }
    guard bytes.count <= Self.maximumLength else { throw .tooLong }
    if bytes.count == 1 {
      segments = []
      return
    }
    var result: [String] = []
    for rawSegment in bytes.dropFirst().split(
      separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    {
      guard !rawSegment.isEmpty else { throw .emptySegment }
      let decoded = try Self.percentDecoded(rawSegment)
      guard decoded.allSatisfy(Self.isAllowed) else { throw .disallowedCharacter }
      let segment = String(decoding: decoded, as: UTF8.self)
      guard segment != ".", segment != ".." else { throw .dotSegment }
      result.append(segment)
    }
    segments = result
  }

  static func percentDecoded(_ bytes: some Collection<UInt8>) throws(Problem) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var iterator = bytes.makeIterator()
    while let byte = iterator.next() {
      guard byte == UInt8(ascii: "%") else {
        output.append(byte)
        continue
      }
      guard let high = iterator.next().flatMap(hexValue),
        let low = iterator.next().flatMap(hexValue)
      else { throw .badPercentEncoding }
      output.append(high << 4 | low)
    }
    return output
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
