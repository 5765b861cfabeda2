import Foundation

/// The parts of `metadata` the analyzers read.
struct KubeMeta: Sendable {
  var name: String
  var namespace: String?
  var uid: String?
  var labels: [String: String]?
  var ownerReferences: [KubeOwnerReference]?
  var creationTimestamp: String?
  var deletionTimestamp: String?

  /// The controlling owner (`controller: true`), or the first owner when none says so.
  var controller: KubeOwnerReference? {
    ownerReferences?.first { $0.controller == true } ?? ownerReferences?.first
  }
}

extension KubeMeta: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    var name: String?
    var namespace: String?
    var uid: String?
    var labels: [String: String]?
    var owners: [KubeOwnerReference]?
    var created: String?
    var deleted: String?
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "name": name = try reader.read()
      case "namespace": namespace = try reader.readOptional()
      case "uid": uid = try reader.readOptional()
      case "labels": labels = try reader.readStringMap()
      case "ownerReferences": owners = try reader.readList()
      case "creationTimestamp": created = try reader.readOptional()
      case "deletionTimestamp": deleted = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
    self.init(
      name: try json.require(name, "name"), namespace: namespace, uid: uid, labels: labels,
      ownerReferences: owners, creationTimestamp: created,
      deletionTimestamp: deleted)
  }
}

/// The `metadata`, `spec` and `status` of an object, each read by its own type;
/// `metadata` is required.
func readObjectParts<Spec: JSONReadable, Status: JSONReadable>(
  _ json: inout JSONReader, spec: Spec.Type, status: Status.Type
) throws(JSONReadError) -> (KubeMeta, Spec?, Status?) {
  var metadata: KubeMeta?
  var spec: Spec?
  var status: Status?
  try json.readObject { reader, key throws(JSONReadError) in
    switch key {
    case "metadata": metadata = try reader.read()
    case "spec": spec = try reader.readOptional()
    case "status": status = try reader.readOptional()
    default: try reader.skipValue()
    }
  }
  return (try json.require(metadata, "metadata"), spec, status)
}

struct KubeOwnerReference: Sendable {
  var kind: String
  var name: String
  var controller: Bool?
}

extension KubeOwnerReference: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    var kind: String?
    var name: String?
    var controller: Bool?
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "kind": kind = try reader.read()
      case "name": name = try reader.read()
      case "controller": controller = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
    self.init(
      kind: try json.require(kind, "kind"), name: try json.require(name, "name"),
      controller: controller)
  }
}

/// A field that may be a number or a string (`port: 8080` or `port: http`), kept as its text.
struct IntOrString: Sendable, CustomStringConvertible, JSONReadable {
  var description: String

  init(json: inout JSONReader) throws(JSONReadError) {
    description = try json.readNumberOrString()
  }
}
