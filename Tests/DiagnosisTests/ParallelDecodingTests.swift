import Foundation
import Testing
import Yams

@testable import Diagnosis

/// Big lists are read item by item on every core; the result must be exactly
/// what reading on one core gives, and bad input must get the same precise error.
@Suite("Parallel reading of big lists")
struct ParallelDecodingTests {
  /// A scenario read with one decoding path for every list.
  func load(_ name: String, parallelFrom: Int) throws -> ClusterData {
    let directory = ScenarioLoader.scenariosDirectory.appendingPathComponent(name)
    var data = ClusterData(source: "capture \(name)")
    let files =
      FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?
      .compactMap { $0 as? URL }.filter { !$0.path.contains("/logs/") }
      .sorted { $0.path < $1.path } ?? []
    for file in files {
      let relative = file.lastPathComponent
      switch file.pathExtension {
      case "json":
        try data.addObjects(
          json: try Data(contentsOf: file), source: relative, parallelFrom: parallelFrom)
      case "yaml":
        for document in try Yams.load_all(yaml: try String(contentsOf: file, encoding: .utf8)) {
          let json = try JSONSerialization.data(
            withJSONObject: ScenarioLoader.jsonValue(document))
          try data.addObjects(json: json, source: relative, parallelFrom: parallelFrom)
        }
      default: continue
      }
    }
    return data
  }

  @Test("every scenario gives the same report on both paths", arguments: ScenarioLoader.names)
  func samePerScenario(name: String) throws {
    let parallel = DiagnosisEngine.diagnose(try load(name, parallelFrom: 1))
    let plain = DiagnosisEngine.diagnose(try load(name, parallelFrom: .max))
    #expect(parallel == plain)
    #expect(parallel.scope.pods > 0)
  }

  /// The reference pods, copied `copies` times with new names, as a typed list whose
  /// items have no kind and whose `kind` comes after `items`, as kubectl prints it.
  func bigPodList(copies: Int) throws -> Data {
    let file = ScenarioLoader.scenariosDirectory
      .appendingPathComponent("reference-oom-crashloop/pods.json")
    let list = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
    let pods = try #require(list["items"] as? [[String: Any]])
    var items: [[String: Any]] = []
    for copy in 0..<copies {
      for var pod in pods {
        pod["kind"] = nil
        var metadata = pod["metadata"] as? [String: Any] ?? [:]
        metadata["name"] = "\(metadata["name"] as? String ?? "pod")-\(copy)"
        pod["metadata"] = metadata
        items.append(pod)
      }
    }
    let body = try JSONSerialization.data(withJSONObject: items)
    return Data(#"{"apiVersion": "v1", "items": "#.utf8) + body
      + Data(#", "kind": "PodList", "metadata": {"resourceVersion": "1"}}"#.utf8)
  }

  @Test("a 1,800-pod PodList read on every core gives the same report as on one")
  func bigList() throws {
    let json = try bigPodList(copies: 600)
    var parallel = ClusterData(source: "big")
    try parallel.addObjects(json: json, source: "pods.json")
    var plain = ClusterData(source: "big")
    try plain.addObjects(json: json, source: "pods.json", parallelFrom: .max)
    let report = DiagnosisEngine.diagnose(parallel)
    #expect(report.scope.pods == 1800)
    #expect(report == DiagnosisEngine.diagnose(plain))
  }

  @Test("a bad item in a big list is named by its index, on every core as on one")
  func badItem() throws {
    var list = try #require(
      try JSONSerialization.jsonObject(with: bigPodList(copies: 200)) as? [String: Any])
    var items = try #require(list["items"] as? [[String: Any]])
    for index in [417, 500] {
      var metadata = try #require(items[index]["metadata"] as? [String: Any])
      metadata["name"] = 17
      items[index]["metadata"] = metadata
    }
    list["items"] = items
    let json = try JSONSerialization.data(withJSONObject: list)
    for parallelFrom in [1, Int.max] {
      var data = ClusterData(source: "bad")
      #expect {
        try data.addObjects(json: json, source: "pods.json", parallelFrom: parallelFrom)
      } throws: { error in
        (error as? DiagnosisInputError)?.description.hasPrefix(
          "pods.json: items[417].metadata.name is not a string") == true
      }
    }
  }

  @Test("list items are found around strings holding braces, quotes and escapes")
  func itemsAroundStrings() throws {
    let text = #"""
      { "kind" : "List", "metadata": {"a": "}]"}, "items": [ {"kind": "Service", "metadata": {"name": "a}\"b{["}}, {"kind": "Widget", "y": [1, {"z": null}]} , {"kind": "Service", "metadata": {"name": "b"}, "spec": {"clusterIP": "10.0.0.1"}}] }
      """#
    for parallelFrom in [1, Int.max] {
      let document = try KubeDocumentReader.read(
        Data(text.utf8), source: "list.json", parallelFrom: parallelFrom)
      let names = document.objects.compactMap { object -> String? in
        guard case .service(let service) = object else { return nil }
        return "\(service.metadata.name) \(service.clusterIP ?? "-")"
      }
      #expect(names == [#"a}"b{[ -"#, "b 10.0.0.1"])
      #expect(document.kinds == ["Service", "Widget"])
    }
  }
}
