import Foundation

/// The kubectl MCP tool's `kubectl_get_events` answer.
struct ToolEventsAnswer: Decodable, Sendable {
  /// One summarized event: `{type, reason, message, object, count, last_seen}`.
  struct Summary: Decodable, Sendable {
    var type: String?
    var reason: String?
    var message: String?
    var object: String?
    var count: Int?
    var lastSeen: String?

    private enum CodingKeys: String, CodingKey {
      case type
      case reason
      case message
      case object
      case count
      case lastSeen = "last_seen"
    }

    /// The involved object's kind stays unknown; `ClusterIndex` matches the name later.
    func event(namespace: String?, source: String) -> KubeEvent {
      KubeEvent(
        namespace: namespace ?? "", name: "", involvedKind: nil, involvedName: object ?? "",
        fieldPath: nil, reason: reason ?? "", message: message ?? "", type: type ?? "Normal",
        count: count ?? 1, firstTimestamp: nil, lastTimestamp: lastSeen, source: source)
    }
  }

  var summaries: [Summary] = []
  var raw: KubeDocument?
  /// The tool's error message when it answered `status: error`.
  var failure: String?

  private enum Keys: String, CodingKey {
    case status
    case message
    case error
    case events
    case items
  }

  init(from decoder: any Decoder) throws {
    if var list = try? decoder.unkeyedContainer() {
      while !list.isAtEnd { summaries.append(try list.decode(Summary.self)) }
      return
    }
    let container = try decoder.container(keyedBy: Keys.self)
    if try container.decodeIfPresent(String.self, forKey: .status) == "error" {
      failure =
        try container.decodeIfPresent(String.self, forKey: .message)
        ?? container.decodeIfPresent(String.self, forKey: .error) ?? "no message"
      return
    }
    guard container.contains(.events) || container.contains(.items) else {
      throw DecodingError.typeMismatch(
        [Summary].self, .init(codingPath: [], debugDescription: "no events"))
    }
    summaries = try container.decodeIfPresent([Summary].self, forKey: .events) ?? []
    if container.contains(.items), try !container.decodeNil(forKey: .items) {
      var items = try container.nestedUnkeyedContainer(forKey: .items)
      var document = KubeDocument()
      document.kinds.insert("Event")
      while !items.isAtEnd {
        let itemDecoder = try items.superDecoder()
        document.objects.append(try .event(KubeEventWire(from: itemDecoder)))
      }
      raw = document
    }
  }
}
