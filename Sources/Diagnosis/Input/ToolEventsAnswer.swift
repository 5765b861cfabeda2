import Foundation

/// The kubectl MCP tool's `kubectl_get_events` answer.
struct ToolEventsAnswer: Sendable {
  /// One summarized event: `{type, reason, message, object, count, last_seen}`.
  struct Summary: Sendable {
    var type: String?
    var reason: String?
    var message: String?
    var object: String?
    var count: Int?
    var lastSeen: String?

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

  /// Reads the answer; when it is not an events answer, the error has an empty path.
  static func read(_ json: Data) throws(JSONReadError) -> ToolEventsAnswer {
    try JSONReader.readDocument(json) { reader throws(JSONReadError) in
      try ToolEventsAnswer(json: &reader)
    }
  }

  private init(json: inout JSONReader) throws(JSONReadError) {
    if try json.peekKind() == .array {
      summaries = try json.readList() ?? []
      return
    }
    guard try json.peekKind() == .object else {
      try json.skipValue()
      throw JSONReadError(.wrongType(expected: "an events answer"), at: 0)
    }
    var status: String?
    var message: String?
    var error: String?
    var hasEvents = false
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "status": status = try reader.readOptional()
      case "message": message = try reader.readOptional()
      case "error": error = try reader.readOptional()
      case "events":
        hasEvents = true
        summaries = try reader.readList() ?? []
      case "items":
        hasEvents = true
        guard try !reader.takeNull() else { return }
        var document = KubeDocument()
        document.kinds.insert("Event")
        try reader.readArray { reader, _ throws(JSONReadError) in
          document.objects.append(.event(try reader.read()))
        }
        raw = document
      default: try reader.skipValue()
      }
    }
    if status == "error" {
      failure = message ?? error ?? "no message"
      return
    }
    guard hasEvents else { throw JSONReadError(.wrongType(expected: "an events answer"), at: 0) }
  }
}

extension ToolEventsAnswer.Summary: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "type": type = try reader.readOptional()
      case "reason": reason = try reader.readOptional()
      case "message": message = try reader.readOptional()
      case "object": object = try reader.readOptional()
      case "count": count = try reader.readOptional()
      case "last_seen": lastSeen = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}
