import Foundation
import Testing
import Yams

@testable import Diagnosis

/// Big lists are decoded item by item on every core; the result must be exactly
/// what the plain whole-document decoder gives, and bad input must still get the
/// plain path's precise error.
@Suite("Parallel decoding of big lists")
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

  @Test("a 1,800-pod PodList decodes in parallel to the same report")
  func bigList() throws {
    let json = try bigPodList(copies: 600)
    #expect(ParallelListDecoding.decode(json, source: "pods.json") != nil, "took the fast path")
    var parallel = ClusterData(source: "big")
    try parallel.addObjects(json: json, source: "pods.json")
    var plain = ClusterData(source: "big")
    try plain.addObjects(json: json, source: "pods.json", parallelFrom: .max)
    let report = DiagnosisEngine.diagnose(parallel)
    #expect(report.scope.pods == 1800)
    #expect(report == DiagnosisEngine.diagnose(plain))
  }

  @Test("a bad item in a big list gets the plain path's precise error")
  func badItem() throws {
    var json = try bigPodList(copies: 200)
    json = Data(
      String(decoding: json, as: UTF8.self).replacingOccurrences(
        of: #""metadata":{"#, with: #""metadata":7,"ignored":{"#, options: [],
        range: nil
      ).utf8)
    var data = ClusterData(source: "bad")
    #expect(throws: DiagnosisInputError.self) {
      try data.addObjects(json: json, source: "pods.json")
    }
  }

  @Test("the splitter finds items around strings holding braces, quotes and escapes")
  func splitter() throws {
    let text = #"""
      { "kind" : "List", "metadata": {"a": "}]"}, "items": [ {"x": "a}\"b{["}, {"y": [1, {"z": null}]} ] }
      """#
    let json = Data(text.utf8)
    let split = try #require(json.withUnsafeBytes { JSONListSplitter.split($0) })
    #expect(split.kind == "List")
    let items = split.items.map { String(decoding: json[$0], as: UTF8.self) }
    #expect(items == [#"{"x": "a}\"b{["}"#, #"{"y": [1, {"z": null}]}"#])
    for notAList in [#"{"kind": "Pod", "metadata": {}}"#, "[1, 2]", #"{"items": [1]}"#, "{"] {
      #expect(
        Data(notAList.utf8).withUnsafeBytes { JSONListSplitter.split($0) }?.items.isEmpty != false)
    }
  }
}
