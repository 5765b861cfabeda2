import Foundation

/// Why an image pull failed, read from the runtime's message.
enum ImagePullFailure: String, Sendable, Equatable {
  /// The tag or repository does not exist (`not found`, `manifest unknown`).
  case notFound
  /// The registry refused the credentials (`401 Unauthorized`, `pull access denied`, `403`).
  case unauthorized
  /// The network or registry failed for now (`i/o timeout`, TLS handshake, `connection reset`).
  case transient
  /// The reference itself is malformed (`InvalidImageName`, `invalid reference format`).
  case invalidName
  /// Something else; the message is shown as is.
  case other

  private static let unauthorizedMarkers = [
    "unauthorized", "401", "403 forbidden", "pull access denied", "authorization failed",
    "no basic auth credentials", "access denied", "requested access to the resource is denied",
  ]
  private static let notFoundMarkers = [
    "not found", "manifest unknown", "name unknown", "notfound", "does not exist",
  ]
  private static let transientMarkers = [
    "i/o timeout", "timeout", "deadlineexceeded", "tls handshake", "connection reset",
    "connection refused", "temporary failure", "too many requests", "429",
    "503 service unavailable",
    "eof", "no route to host", "network is unreachable", "context canceled",
  ]

  /// Authorization is checked first: "pull access denied, repository does not exist or may
  /// require authorization" is a refused login far more often than a missing repository.
  init(message: String) {
    let text = message.lowercased()
    if text.contains("invalid reference format") || text.contains("invalidimagename") {
      self = .invalidName
    } else if Self.unauthorizedMarkers.contains(where: text.contains) {
      self = .unauthorized
    } else if Self.notFoundMarkers.contains(where: text.contains) {
      self = .notFound
    } else if Self.transientMarkers.contains(where: text.contains) {
      self = .transient
    } else {
      self = .other
    }
  }

  /// The image a kubelet message names: `Failed to pull image "REF": ...`.
  static func image(in message: String) -> String? {
    guard let open = message.firstIndex(of: "\"") else { return nil }
    let rest = message[message.index(after: open)...]
    guard let close = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<close])
  }

  /// The most telling clause of a long runtime message: the text after the last
  /// `failed to resolve reference "...":` / `failed to do request:`, trimmed.
  static func essence(of message: String) -> String {
    let text = clause(of: message)
    guard text.count > 160, let first = text.firstIndex(of: ":"),
      let last = text.range(of: ": ", options: .backwards), first < last.lowerBound
    else { return text }
    return text[..<first] + " … " + text[last.upperBound...]
  }

  private static func clause(of message: String) -> String {
    let markers = ["failed to resolve reference", "failed to do request:", "desc = "]
    for marker in markers {
      if let range = message.range(of: marker, options: .backwards) {
        var rest = message[range.upperBound...].drop { $0 == " " }
        if rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") {
          rest = rest[rest.index(after: close)...].drop { $0 == ":" || $0 == " " }
        }
        let text = rest.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty { return text }
      }
    }
    return message
  }
}
