/// A request's query string, checked parameter by parameter: only the read
/// options kubectl sends are passed, so no write or bypass option rides along.
public struct GatewayQuery: Sendable, Equatable {
  /// The query exactly as received (without `?`); it is forwarded unchanged
  /// because its decoded keys were all checked.
  public let raw: String
  /// The decoded parameters, in order.
  public let parameters: [(name: String, value: String)]

  /// Why a query was refused.
  public enum Problem: Error, Sendable, Equatable {
    case tooLong
    case badEncoding
    /// Go servers treat `;` as an error or a separator; refusing it keeps
    /// our reading and the API server's reading the same.
    case semicolon
    case parameterNotAllowed(String)
  }

  static let maximumLength = 8192

  /// Read options of list, get, watch and logs; `insecureSkipTLSVerifyBackend`
  /// (pods/log) is deliberately absent.
  static let allowedNames: Set<String> = [
    "labelSelector", "fieldSelector", "limit", "continue", "resourceVersion",
    "resourceVersionMatch", "timeoutSeconds", "timeout", "watch", "allowWatchBookmarks",
    "sendInitialEvents", "pretty", "includeObject", "container", "previous", "tailLines",
    "sinceSeconds", "sinceTime", "timestamps", "follow", "limitBytes", "hash", "verbose",
    "exclude",
  ]

  public init(raw: String) throws(Problem) {
    guard raw.utf8.count <= Self.maximumLength else { throw .tooLong }
    guard !raw.utf8.contains(UInt8(ascii: ";")) else { throw .semicolon }
    var parameters: [(name: String, value: String)] = []
    for piece in raw.utf8.split(separator: UInt8(ascii: "&")) {
      let parts = piece.split(
        separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
      let name = try Self.formDecoded(parts[0])
      let value = parts.count > 1 ? try Self.formDecoded(parts[1]) : ""
      guard Self.allowedNames.contains(name) else { throw .parameterNotAllowed(name) }
      parameters.append((name, value))
    }
    self.raw = raw
    self.parameters = parameters
  }

  /// A watch or a followed log: answered as a stream with the longer time limit.
  public var isStream: Bool {
    parameters.contains { ($0.name == "watch" || $0.name == "follow") && Self.isTrue($0.value) }
  }

  /// Go's `strconv.ParseBool` spellings of true, plus the bare flag (`?watch`).
  private static func isTrue(_ value: String) -> Bool {
    ["", "1", "t", "T", "true", "TRUE", "True"].contains(value)
  }

  private static func formDecoded(_ bytes: some Collection<UInt8>) throws(Problem) -> String {
    let plusAsSpace = bytes.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }
    do {
      return String(decoding: try GatewayPath.percentDecoded(plusAsSpace), as: UTF8.self)
    } catch {
      throw .badEncoding
    }
  }

  public static func == (lhs: GatewayQuery, rhs: GatewayQuery) -> Bool {
    lhs.raw == rhs.raw
  }
}
