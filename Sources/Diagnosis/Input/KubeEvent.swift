import Foundation

/// An event, core/v1 or events.k8s.io/v1, normalized to the fields the analyzers read.
struct KubeEvent: Sendable {
  var namespace: String
  var name: String
  /// Nil when the event came from a summary that named only the object (see `addToolEvents`).
  var involvedKind: String?
  var involvedName: String
  /// `spec.containers{payment-service}`
  var fieldPath: String?
  var reason: String
  var message: String
  /// `Normal` or `Warning`.
  var type: String
  var count: Int
  var firstTimestamp: String?
  var lastTimestamp: String?
  var source: String
  /// Seconds-precision timestamp for ordering (`2025-06-10T08:19:00`), computed once.
  let lastSeen: String

  init(
    namespace: String, name: String, involvedKind: String?, involvedName: String,
    fieldPath: String?, reason: String, message: String, type: String, count: Int,
    firstTimestamp: String?, lastTimestamp: String?, source: String
  ) {
    self.namespace = namespace
    self.name = name
    self.involvedKind = involvedKind
    self.involvedName = involvedName
    self.fieldPath = fieldPath
    self.reason = reason
    self.message = message
    self.type = type
    self.count = count
    self.firstTimestamp = firstTimestamp
    self.lastTimestamp = lastTimestamp
    self.source = source
    lastSeen = String((lastTimestamp ?? firstTimestamp ?? "").prefix(19))
  }

  /// The container a kubelet event is about, from `spec.containers{NAME}` or `spec.initContainers{NAME}`.
  var container: String? {
    guard let fieldPath, let open = fieldPath.firstIndex(of: "{"),
      let close = fieldPath.lastIndex(of: "}"), open < close
    else { return nil }
    return String(fieldPath[fieldPath.index(after: open)..<close])
  }

  /// `event Warning BackOff on pod/NAME (×63, last 2025-06-10T10:49:00Z) (events.json)`
  var evidenceSource: String {
    var text =
      "event \(type) \(reason) on \((involvedKind ?? "object").lowercased())/\(involvedName)"
    var details: [String] = []
    if count > 1 { details.append("×\(count)") }
    if let last = lastTimestamp ?? firstTimestamp { details.append("last \(last)") }
    if !details.isEmpty { text += " (\(details.joined(separator: ", ")))" }
    if !source.isEmpty { text += " (\(source))" }
    return text
  }
}

/// The wire form of both event APIs; `KubeEvent` is built from it.
struct KubeEventWire: Sendable {
  struct Involved: Sendable {
    var kind: String?
    var namespace: String?
    var name: String?
    var fieldPath: String?
  }
  struct Series: Sendable {
    var count: Int?
    var lastObservedTime: String?
  }

  var metadata: KubeMeta
  var involvedObject: Involved?
  var regarding: Involved?
  var reason: String?
  var message: String?
  var note: String?
  var type: String?
  var count: Int?
  var deprecatedCount: Int?
  var firstTimestamp: String?
  var lastTimestamp: String?
  var deprecatedFirstTimestamp: String?
  var deprecatedLastTimestamp: String?
  var eventTime: String?
  var series: Series?

  func normalized(source: String) -> KubeEvent {
    let involved = involvedObject ?? regarding
    let namespace = involved?.namespace ?? metadata.namespace ?? "default"
    return KubeEvent(
      namespace: namespace, name: metadata.name, involvedKind: involved?.kind,
      involvedName: involved?.name ?? "", fieldPath: involved?.fieldPath,
      reason: reason ?? "", message: message ?? note ?? "", type: type ?? "Normal",
      count: series?.count ?? count ?? deprecatedCount ?? 1,
      firstTimestamp: firstTimestamp ?? deprecatedFirstTimestamp ?? eventTime,
      lastTimestamp: series?.lastObservedTime ?? lastTimestamp ?? deprecatedLastTimestamp
        ?? eventTime,
      source: source)
  }
}

extension KubeEventWire: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    var metadata: KubeMeta?
    self.init(metadata: KubeMeta(name: ""))
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "metadata": metadata = try reader.read()
      case "involvedObject": involvedObject = try reader.readOptional()
      case "regarding": regarding = try reader.readOptional()
      case "reason": reason = try reader.readOptional()
      case "message": message = try reader.readOptional()
      case "note": note = try reader.readOptional()
      case "type": type = try reader.readOptional()
      case "count": count = try reader.readOptional()
      case "deprecatedCount": deprecatedCount = try reader.readOptional()
      case "firstTimestamp": firstTimestamp = try reader.readOptional()
      case "lastTimestamp": lastTimestamp = try reader.readOptional()
      case "deprecatedFirstTimestamp": deprecatedFirstTimestamp = try reader.readOptional()
      case "deprecatedLastTimestamp": deprecatedLastTimestamp = try reader.readOptional()
      case "eventTime": eventTime = try reader.readOptional()
      case "series": series = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
    self.metadata = try json.require(metadata, "metadata")
  }
}

extension KubeEventWire.Involved: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "kind": kind = try reader.readOptional()
      case "namespace": namespace = try reader.readOptional()
      case "name": name = try reader.readOptional()
      case "fieldPath": fieldPath = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeEventWire.Series: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "count": count = try reader.readOptional()
      case "lastObservedTime": lastObservedTime = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}
