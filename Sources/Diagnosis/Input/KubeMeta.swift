import Foundation

/// The parts of `metadata` the analyzers read.
struct KubeMeta: Decodable, Sendable {
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

struct KubeOwnerReference: Decodable, Sendable {
  var kind: String
  var name: String
  var controller: Bool?
}

/// A field that may be a number or a string (`port: 8080` or `port: http`, `cpu: 1` or `cpu: "1"`).
struct IntOrString: Decodable, Sendable, CustomStringConvertible {
  var description: String

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let number = try? container.decode(Int.self) {
      description = String(number)
    } else if let number = try? container.decode(Double.self) {
      description = String(number)
    } else {
      description = try container.decode(String.self)
    }
  }
}

/// The keys of a map whose values are never read (Secret data, ConfigMap data).
struct KeyNames: Decodable, Sendable {
  var names: [String]

  private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: AnyKey.self)
    names = container.allKeys.map(\.stringValue).sorted()
  }
}
