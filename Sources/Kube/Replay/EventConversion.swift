/// Serves events under both core/v1 and events.k8s.io/v1, whichever a capture
/// holds, by renaming fields the way the API server's conversion does.
enum EventConversion {
  /// Pairs of (core/v1 field, events.k8s.io/v1 field) that carry the same value.
  private static let renamedFields: [(core: String, events: String)] = [
    ("involvedObject", "regarding"), ("message", "note"), ("source", "deprecatedSource"),
    ("firstTimestamp", "deprecatedFirstTimestamp"), ("lastTimestamp", "deprecatedLastTimestamp"),
    ("count", "deprecatedCount"), ("reportingComponent", "reportingController"),
  ]
  /// Fields both versions spell the same.
  private static let sharedFields = [
    "metadata", "reason", "type", "eventTime", "series", "action", "related", "reportingInstance",
  ]

  /// All events in the snapshot, shaped as `type` (core or events.k8s.io) expects.
  static func events(in snapshot: ClusterSnapshot, as type: ResourceType) -> [JSONValue] {
    let wantsCore = type.group.isEmpty
    var byName: [String: JSONValue] = [:]
    for other in snapshot.resourceTypes
    where other.kind == "Event" && other.plural == "events" && other != type {
      for event in snapshot.storedObjects(of: other) {
        byName[key(event)] = wantsCore ? toCore(event) : toEvents(event)
      }
    }
    for event in snapshot.storedObjects(of: type) { byName[key(event)] = event }
    return byName.values.sorted { key($0) < key($1) }
  }

  private static func key(_ event: JSONValue) -> String {
    "\(event.string(at: "metadata.namespace") ?? "")/\(event.string(at: "metadata.name") ?? "")"
  }

  static func toEvents(_ event: JSONValue) -> JSONValue {
    var result: [String: JSONValue] = ["apiVersion": "events.k8s.io/v1", "kind": "Event"]
    for field in sharedFields { result[field] = event[field] }
    for pair in renamedFields { result[pair.events] = event[pair.core] }
    return .object(result)
  }

  static func toCore(_ event: JSONValue) -> JSONValue {
    var result: [String: JSONValue] = ["apiVersion": "v1", "kind": "Event"]
    for field in sharedFields { result[field] = event[field] }
    for pair in renamedFields { result[pair.core] = event[pair.events] }
    return .object(result)
  }
}
