/// The legacy discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/G/V`)
/// kubectl reads to map `po` or `deploy` to a path; aggregated discovery is
/// not offered, and client-go falls back to these when the answer is plain JSON.
struct DiscoveryDocuments: Sendable {
  let types: [ResourceType]

  /// Subresources advertised so kubectl sends logs, scale and exec requests here.
  private static let subresources: [String: [(name: String, kind: String, verbs: [String])]] = [
    "pods": [
      ("log", "Pod", ["get"]), ("status", "Pod", ["get", "patch", "update"]),
      ("exec", "PodExecOptions", ["create", "get"]),
      ("attach", "PodAttachOptions", ["create", "get"]),
      ("portforward", "PodPortForwardOptions", ["create", "get"]),
      ("eviction", "Eviction", ["create"]),
    ],
    "deployments": [("scale", "Scale", ["get", "patch", "update"])],
    "replicasets": [("scale", "Scale", ["get", "patch", "update"])],
    "statefulsets": [("scale", "Scale", ["get", "patch", "update"])],
  ]
  /// The verbs a real server offers; replay advertises them and answers writes with 405.
  private static let verbs: JSONValue = [
    "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch",
  ]

  var coreVersions: JSONValue {
    [
      "kind": "APIVersions", "versions": ["v1"],
      "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"]],
    ]
  }

  /// Groups in first-seen order, each with its one version.
  private var groups: [(name: String, versions: [String])] {
    var result: [(name: String, versions: [String])] = []
    for type in types where !type.group.isEmpty {
      if let index = result.firstIndex(where: { $0.name == type.group }) {
        if !result[index].versions.contains(type.version) {
          result[index].versions.append(type.version)
        }
      } else {
        result.append((type.group, [type.version]))
      }
    }
    return result
  }

  var groupList: JSONValue {
    ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups.map(Self.group))]
  }

  func group(named name: String) -> JSONValue? {
    groups.first { $0.name == name }.map {
      Self.group($0).setting("kind", to: "APIGroup").setting("apiVersion", to: "v1")
    }
  }

  private static func group(_ group: (name: String, versions: [String])) -> JSONValue {
    let versions: [JSONValue] = group.versions.map {
      ["groupVersion": .string("\(group.name)/\($0)"), "version": .string($0)]
    }
    return [
      "name": .string(group.name), "versions": .array(versions), "preferredVersion": versions[0],
    ]
  }

  /// The APIResourceList for one group/version, or nil when replay serves nothing there.
  func resourceList(group: String, version: String) -> JSONValue? {
    let members = types.filter { $0.group == group && $0.version == version }
    guard !members.isEmpty else { return nil }
    var resources: [JSONValue] = []
    for type in members {
      var entry: JSONValue = [
        "name": .string(type.plural), "singularName": .string(type.singular),
        "namespaced": .bool(type.namespaced), "kind": .string(type.kind), "verbs": Self.verbs,
      ]
      if !type.shortNames.isEmpty {
        entry = entry.setting("shortNames", to: .array(type.shortNames.map(JSONValue.string)))
      }
      if !type.categories.isEmpty {
        entry = entry.setting("categories", to: .array(type.categories.map(JSONValue.string)))
      }
      resources.append(entry)
      for sub in Self.subresources[type.plural] ?? [] {
        resources.append([
          "name": .string("\(type.plural)/\(sub.name)"), "singularName": "",
          "namespaced": .bool(type.namespaced), "kind": .string(sub.kind),
          "verbs": .array(sub.verbs.map(JSONValue.string)),
        ])
      }
    }
    let groupVersion = group.isEmpty ? version : "\(group)/\(version)"
    return [
      "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(groupVersion),
      "resources": .array(resources),
    ]
  }
}
