import Foundation

/// Where one container's log lives in a capture.
public struct ContainerLogKey: Sendable, Hashable {
  public var namespace: String
  public var pod: String
  public var container: String
  /// The log of the previous (terminated) instance, `<container>.previous.log`.
  public var previous: Bool

  public init(namespace: String, pod: String, container: String, previous: Bool) {
    self.namespace = namespace
    self.pod = pod
    self.container = container
    self.previous = previous
  }
}

/// A captured cluster in memory: every object by type, the log files by
/// container, and the server version to report.
public struct ClusterSnapshot: Sendable {
  /// The objects of each type, sorted by namespace then name like the API server sorts.
  public private(set) var objects: [ResourceType: [JSONValue]]
  /// Every type discovery advertises: the built-ins plus any other kind the capture holds.
  public private(set) var resourceTypes: [ResourceType]
  /// Log files by container, read when asked for.
  public var logFiles: [ContainerLogKey: URL]
  /// The `/version` document; kubectl's dispatcher picks a client by its minor version.
  public var serverVersion: JSONValue

  /// What `/version` answers when the capture has no version.json: 1.32 matches
  /// the installed kubectl, so its dispatcher never switches binaries.
  public static let defaultServerVersion: JSONValue = [
    "major": "1", "minor": "32", "gitVersion": "v1.32.4", "gitCommit": "replay",
    "gitTreeState": "clean", "buildDate": "2025-04-22T00:00:00Z", "goVersion": "go1.23.8",
    "compiler": "gc", "platform": "linux/amd64",
  ]

  /// Builds a snapshot from objects already parsed; each needs apiVersion, kind and metadata.name.
  public init(
    objects: [JSONValue], logFiles: [ContainerLogKey: URL] = [:],
    serverVersion: JSONValue = ClusterSnapshot.defaultServerVersion
  ) {
    var types = BuiltInResources.all
    var byKey: [ObjectKey: (ResourceType, JSONValue)] = [:]
    for object in objects {
      let apiVersion = object.string(at: "apiVersion") ?? "v1"
      let kind = object.string(at: "kind") ?? ""
      let type =
        types.first { $0.apiVersion == apiVersion && $0.kind == kind }
        ?? ResourceType.guessed(
          apiVersion: apiVersion, kind: kind,
          namespaced: object.string(at: "metadata.namespace") != nil)
      if !types.contains(type) { types.append(type) }
      var stored = object
      if type.namespaced, object.string(at: "metadata.namespace") == nil {
        let metadata = object["metadata"] ?? [:]
        stored = object.setting("metadata", to: metadata.setting("namespace", to: "default"))
      }
      // A later file replaces an earlier copy of the same object, so overlapping captures merge.
      byKey[ObjectKey(type: type, object: stored)] = (type, stored)
    }
    var grouped: [ResourceType: [JSONValue]] = [:]
    for (type, object) in byKey.values { grouped[type, default: []].append(object) }
    for (type, list) in grouped {
      grouped[type] = list.sorted {
        ($0.string(at: "metadata.namespace") ?? "", $0.string(at: "metadata.name") ?? "")
          < ($1.string(at: "metadata.namespace") ?? "", $1.string(at: "metadata.name") ?? "")
      }
    }
    self.objects = grouped
    self.resourceTypes = types
    self.logFiles = logFiles
    self.serverVersion = serverVersion
    addMissingNamespaces()
  }

  /// Every object of a type, core events also answering for events.k8s.io and back.
  public func objects(of type: ResourceType) -> [JSONValue] {
    if type.plural == "events" && type.kind == "Event" {
      return EventConversion.events(in: self, as: type)
    }
    return objects[type] ?? []
  }

  /// The objects stored exactly as captured under a type, without conversion.
  func storedObjects(of type: ResourceType) -> [JSONValue] { objects[type] ?? [] }

  /// Namespaces referenced by objects but not captured, so `get ns` and `-n` look complete.
  private mutating func addMissingNamespaces() {
    guard let namespaceType = resourceTypes.first(where: { $0.kind == "Namespace" }) else {
      return
    }
    var known = Set((objects[namespaceType] ?? []).compactMap { $0.string(at: "metadata.name") })
    var added: [JSONValue] = []
    let referenced = objects.values.joined().compactMap { $0.string(at: "metadata.namespace") }
    for name in referenced.sorted() where !known.contains(name) {
      known.insert(name)
      added.append([
        "apiVersion": "v1", "kind": "Namespace",
        "metadata": ["name": .string(name), "creationTimestamp": "2025-01-01T00:00:00Z"],
        "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"],
      ])
    }
    guard !added.isEmpty else { return }
    objects[namespaceType] = ((objects[namespaceType] ?? []) + added).sorted {
      ($0.string(at: "metadata.name") ?? "") < ($1.string(at: "metadata.name") ?? "")
    }
  }
}

/// Identifies one object so duplicates across files collapse to one.
private struct ObjectKey: Hashable {
  var type: ResourceType
  var namespace: String
  var name: String

  init(type: ResourceType, object: JSONValue) {
    self.type = type
    self.namespace = object.string(at: "metadata.namespace") ?? ""
    self.name = object.string(at: "metadata.name") ?? ""
  }
}
