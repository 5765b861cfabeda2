import Foundation

/// The `Status` object the API server answers failures with; kubectl prints
/// its message as "Error from server (Reason): message".
public struct KubernetesStatus: Codable, Sendable, Equatable {
  public var kind = "Status"
  public var apiVersion = "v1"
  public var metadata: [String: String] = [:]
  public var status = "Failure"
  public var message: String
  public var reason: String
  public var code: Int

  public init(code: Int, reason: String, message: String) {
    self.code = code
    self.reason = reason
    self.message = message
  }

  public init(_ refusal: GatewayRefusal) {
    self.init(code: refusal.code, reason: refusal.reason, message: refusal.message)
  }

  /// The JSON body, keys sorted so answers are byte-for-byte stable.
  public var json: [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Array((try? encoder.encode(self)) ?? Data())
  }

  /// A gateway failure that is not a policy decision (upstream down, slow, garbled).
  static func gatewayFailure(code: Int, _ message: String) -> KubernetesStatus {
    let reason: String
    switch code {
    case 504: reason = "Timeout"
    case 503: reason = "ServiceUnavailable"
    default: reason = "InternalError"
    }
    return KubernetesStatus(code: code, reason: reason, message: "meta-agent gateway: " + message)
  }
}
