import Foundation

/// Answers `?watch=true` and then ends the stream, since a capture never
/// changes: a watch from a list's resourceVersion (as `kubectl get -w` sends)
/// gets no events; one without gets an ADDED event per matching object.
enum WatchStream {
  static func response(
    items: [JSONValue], type: ResourceType, table: Bool, query: [String: String]
  ) -> ReplayResponse {
    var body = Data()
    let fromVersion = query["resourceVersion"] ?? ""
    let items = fromVersion.isEmpty || fromVersion == "0" ? items : []
    for (index, item) in items.enumerated() {
      var object = item
      if table {
        object = TableBuilder(type: type).table(
          [item], query: query, includeColumns: index == 0)
      }
      body.append(JSONValue.object(["type": "ADDED", "object": object]).jsonData())
      body.append(0x0A)
    }
    return ReplayResponse(status: 200, contentType: "application/json", body: body)
  }
}
