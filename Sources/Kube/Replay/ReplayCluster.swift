import Foundation

/// Answers Kubernetes API requests from a snapshot: discovery, lists and
/// gets with selectors, Tables for kubectl's printing, and container logs.
/// It only reads; every write is refused with a 405 Status.
public struct ReplayCluster: Sendable {
  public let snapshot: ClusterSnapshot
  private let discovery: DiscoveryDocuments

  public init(snapshot: ClusterSnapshot) {
    self.snapshot = snapshot
    self.discovery = DiscoveryDocuments(types: snapshot.resourceTypes)
  }

  public func respond(to request: ReplayRequest) -> ReplayResponse {
    guard request.method == "GET" || request.method == "HEAD" else {
      return .readOnly(method: request.method, path: request.path)
    }
    let segments = request.path.split(separator: "/").map(String.init)
    switch segments.first {
    case "version"?: return .json(snapshot.serverVersion)
    case "healthz"?, "livez"?, "readyz"?: return .text("ok")
    case "openapi"?: return .noSchema
    case "api"?: return respondCore(Array(segments.dropFirst()), request)
    case "apis"?: return respondGroups(Array(segments.dropFirst()), request)
    default: return .unknownPath
    }
  }

  private func respondCore(_ segments: [String], _ request: ReplayRequest) -> ReplayResponse {
    guard let version = segments.first else { return .json(discovery.coreVersions) }
    return respondResources(group: "", version: version, Array(segments.dropFirst()), request)
  }

  private func respondGroups(_ segments: [String], _ request: ReplayRequest) -> ReplayResponse {
    switch segments.count {
    case 0: return .json(discovery.groupList)
    case 1: return discovery.group(named: segments[0]).map { .json($0) } ?? .unknownPath
    default:
      return respondResources(
        group: segments[0], version: segments[1], Array(segments.dropFirst(2)), request)
    }
  }

  private func respondResources(
    group: String, version: String, _ segments: [String], _ request: ReplayRequest
  ) -> ReplayResponse {
    guard !segments.isEmpty else {
      return discovery.resourceList(group: group, version: version).map { .json($0) }
        ?? .unknownPath
    }
    guard
      let target = ResourcePath(
        segments, group: group, version: version, types: snapshot.resourceTypes)
    else { return .unknownPath }
    switch (target.name, target.subresource) {
    case (nil, _): return list(target, request)
    case (let name?, nil): return get(target, name: name, request)
    case (let name?, "log"?) where target.type.kind == "Pod":
      return PodLogs(snapshot: snapshot).respond(
        namespace: target.namespace ?? "default", pod: name, query: request.query)
    case (let name?, "status"?): return get(target, name: name, request)
    case (let name?, "scale"?): return scale(target, name: name)
    default: return .unknownPath
    }
  }

  /// The objects in scope for a path, before selectors.
  private func objects(_ target: ResourcePath) -> [JSONValue] {
    let all = snapshot.objects(of: target.type)
    guard let namespace = target.namespace else { return all }
    return all.filter { $0.string(at: "metadata.namespace") == namespace }
  }

  private func list(_ target: ResourcePath, _ request: ReplayRequest) -> ReplayResponse {
    let labels: LabelSelector
    let fields: FieldSelector
    do {
      labels = try LabelSelector(parsing: request.query["labelSelector"] ?? "")
      fields = try FieldSelector(parsing: request.query["fieldSelector"] ?? "")
      try fields.validate(for: target.type.kind)
    } catch {
      return .badRequest("unable to parse requirement: \(error)")
    }
    var items = objects(target).filter { object in
      let objectLabels = object.value(at: "metadata.labels")?.objectValue.compactMapValues {
        $0.stringValue
      }
      return labels.matches(objectLabels ?? [:]) && fields.matches(object)
    }
    // Paging as the API server does it: kubectl asks for 500 at a time and follows
    // `continue` until the list is whole; without it a big namespace would be cut short.
    var offset = 0
    if let token = request.query["continue"], !token.isEmpty {
      guard token.hasPrefix(Self.continuePrefix),
        let start = Int(token.dropFirst(Self.continuePrefix.count)), start >= 0,
        start <= items.count
      else {
        return .badRequest("the provided continue parameter is not valid: \(token)")
      }
      offset = start
    }
    var continuation: JSONValue?
    if offset > 0 { items = Array(items.dropFirst(offset)) }
    if let limit = request.query["limit"].flatMap(Int.init), limit > 0, items.count > limit {
      continuation = [
        "resourceVersion": "1", "continue": .string("\(Self.continuePrefix)\(offset + limit)"),
        "remainingItemCount": .integer(Int64(items.count - limit)),
      ]
      items = Array(items.prefix(limit))
    }
    let isWatch = ["true", "1"].contains(request.query["watch"] ?? "")
    let wantsTable = request.accept.contains("as=Table")
    if isWatch {
      return WatchStream.response(
        items: items, type: target.type, table: wantsTable, query: request.query)
    }
    if wantsTable {
      let table = TableBuilder(type: target.type).table(items, query: request.query)
      return .json(continuation.map { table.setting("metadata", to: $0) } ?? table)
    }
    return .json([
      "kind": .string("\(target.type.kind)List"), "apiVersion": .string(target.type.apiVersion),
      "metadata": continuation ?? ["resourceVersion": "1"], "items": .array(items),
    ])
  }

  /// Continue tokens are opaque to clients; here they carry the next item's offset.
  static let continuePrefix = "replay-offset-"

  private func get(_ target: ResourcePath, name: String, _ request: ReplayRequest)
    -> ReplayResponse
  {
    guard let object = objects(target).first(where: { $0.string(at: "metadata.name") == name })
    else { return .notFound(kind: target.type, name: name) }
    if request.accept.contains("as=Table") {
      return .json(TableBuilder(type: target.type).table([object], query: request.query))
    }
    return .json(object)
  }

  /// The autoscaling/v1 Scale view of a workload, which `kubectl scale` reads before writing.
  private func scale(_ target: ResourcePath, name: String) -> ReplayResponse {
    guard let object = objects(target).first(where: { $0.string(at: "metadata.name") == name })
    else { return .notFound(kind: target.type, name: name) }
    let selector = object.value(at: "spec.selector.matchLabels")?.objectValue
      .compactMap { key, value in value.stringValue.map { "\(key)=\($0)" } }.sorted()
      .joined(separator: ",")
    return .json([
      "kind": "Scale", "apiVersion": "autoscaling/v1",
      "metadata": [
        "name": .string(name), "namespace": object.value(at: "metadata.namespace") ?? .null,
        "resourceVersion": object.value(at: "metadata.resourceVersion") ?? "1",
      ],
      "spec": ["replicas": .integer(object.integer(at: "spec.replicas") ?? 1)],
      "status": [
        "replicas": .integer(object.integer(at: "status.replicas") ?? 0),
        "selector": .string(selector ?? ""),
      ],
    ])
  }
}

/// A resource path below a group/version: which type, which namespace, which
/// object and subresource, or nil when nothing is served there.
struct ResourcePath {
  var type: ResourceType
  var namespace: String?
  var name: String?
  var subresource: String?

  init?(_ segments: [String], group: String, version: String, types: [ResourceType]) {
    func lookup(_ plural: String) -> ResourceType? {
      types.first { $0.group == group && $0.version == version && $0.plural == plural }
    }
    var rest = segments
    if rest.count >= 3, rest[0] == "namespaces", let type = lookup(rest[2]), type.namespaced {
      namespace = rest[1]
      rest = Array(rest.dropFirst(2))
      self.type = type
    } else if let type = lookup(rest[0]) {
      self.type = type
    } else {
      return nil
    }
    guard rest.count <= 3 else { return nil }
    name = rest.count > 1 ? rest[1] : nil
    subresource = rest.count > 2 ? rest[2] : nil
  }
}
