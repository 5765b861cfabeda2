import Foundation
import Testing

@testable import Kube

@Suite("Capture directories load, or fail naming the file")
struct ReplaySnapshotTests {
  private func scratch(_ files: [String: String]) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "replay-capture-\(UUID().uuidString)")
    for (path, text) in files {
      let file = directory.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try text.write(to: file, atomically: true, encoding: .utf8)
    }
    return directory
  }

  @Test("every scenario fixture loads without error", arguments: Scenarios.names)
  func fixtureLoads(name: String) throws {
    let snapshot = try CaptureDirectory.load(Scenarios.directory(name))
    let pods = snapshot.objects(of: BuiltInResources.all[0])
    #expect(!pods.isEmpty)
    let events = snapshot.objects(of: BuiltInResources.all[1])
    #expect(!events.isEmpty || name == "healthy")
  }

  @Test("there are the reference scenario and at least twelve more")
  func scenarioCount() {
    #expect(Scenarios.names.contains("reference-oom-crashloop"))
    #expect(Scenarios.names.count >= 13)
  }

  @Test("the reference scenario is 3 OOMKilled pods in CrashLoopBackOff with 15 restarts")
  func referenceScenarioFacts() throws {
    let snapshot = try CaptureDirectory.load(Scenarios.directory("reference-oom-crashloop"))
    let pods = snapshot.objects(of: BuiltInResources.all[0])
    #expect(pods.count == 3)
    for pod in pods {
      let status = try #require(pod.value(at: "status.containerStatuses")?.arrayValue.first)
      #expect(status.string(at: "state.waiting.reason") == "CrashLoopBackOff")
      #expect(status.string(at: "lastState.terminated.reason") == "OOMKilled")
      #expect(status.integer(at: "lastState.terminated.exitCode") == 137)
      #expect(status.integer(at: "restartCount") == 15)
      let limits = pod.value(at: "spec.containers")?.arrayValue.first
      #expect(limits?.string(at: "resources.limits.memory") == "512Mi")
      let key = ContainerLogKey(
        namespace: "production", pod: pod.string(at: "metadata.name")!,
        container: "payment-service", previous: true)
      let log = try String(contentsOf: try #require(snapshot.logFiles[key]), encoding: .utf8)
      #expect(log.contains("java.lang.OutOfMemoryError: Java heap space"))
    }
    let reasons = snapshot.objects(of: BuiltInResources.all[1]).compactMap {
      $0.string(at: "message")
    }
    #expect(reasons.contains("Error: ImagePullBackOff") && reasons.contains("Error: ErrImagePull"))
  }

  @Test("YAML with several documents, Lists, typed lists and nested folders all load")
  func formatsLoad() throws {
    let directory = try scratch([
      "a.yaml": """
      apiVersion: v1
      kind: Pod
      metadata: {name: one, namespace: ns}
      ---
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: ns}
        data: {version: "1.32", on: "yes"}
      """,
      "deep/nested/pods.json": """
      {"kind": "PodList", "apiVersion": "v1", "items": [{"metadata": {"name": "two", "namespace": "ns"}}]}
      """,
      "logs/ns/one/app.log": "hello\n",
      "logs/ns/one/app.previous.log": "crashed\n",
      "README.md": "not an object file",
    ])
    defer { try? FileManager.default.removeItem(at: directory) }
    let snapshot = try CaptureDirectory.load(directory)
    let pods = snapshot.objects(of: BuiltInResources.all[0])
    #expect(pods.compactMap { $0.string(at: "metadata.name") } == ["one", "two"])
    let configMap = snapshot.objects.first { $0.key.kind == "ConfigMap" }?.value.first
    #expect(configMap?.string(at: "data.version") == "1.32")
    #expect(snapshot.logFiles.count == 2)
  }

  @Test("a file that is not JSON is an error naming the file")
  func garbageFile() throws {
    let directory = try scratch(["pods.json": "{ this is not json"])
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(throws: ReplayError.malformedFile(path: "pods.json", reason: "is not valid JSON")) {
      try CaptureDirectory.load(directory)
    }
  }

  @Test("broken YAML is an error naming the file and the parser's complaint")
  func brokenYAML() throws {
    let directory = try scratch(["sub/pods.yaml": "kind: Pod\n  bad: [indent"])
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
      _ = try CaptureDirectory.load(directory)
      Issue.record("expected an error")
    } catch let error as ReplayError {
      guard case .malformedFile(let path, let reason) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(path == "sub/pods.yaml")
      #expect(reason.hasPrefix("is not valid YAML"))
    }
  }

  @Test("an object without metadata.name is an error naming the file and item index")
  func objectWithoutName() throws {
    let directory = try scratch([
      "list.json": """
      {"kind": "List", "apiVersion": "v1", "items": [
        {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "ok"}},
        {"kind": "Pod", "apiVersion": "v1", "metadata": {}}]}
      """
    ])
    defer { try? FileManager.default.removeItem(at: directory) }
    let expected = ReplayError.malformedObject(
      path: "list.json", index: 1, reason: "has no metadata.name")
    #expect(throws: expected) { try CaptureDirectory.load(directory) }
    #expect(expected.description == "list.json: item 1 has no metadata.name; fix or remove it")
  }

  @Test("an object without kind is an error")
  func objectWithoutKind() throws {
    let directory = try scratch(["pod.json": #"{"apiVersion": "v1", "metadata": {"name": "x"}}"#])
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(
      throws: ReplayError.malformedObject(path: "pod.json", index: nil, reason: "has no kind")
    ) {
      try CaptureDirectory.load(directory)
    }
  }

  @Test("a missing directory is an error saying what to give")
  func missingDirectory() {
    #expect(throws: ReplayError.notADirectory(path: "/nonexistent/capture")) {
      try CaptureDirectory.load(URL(fileURLWithPath: "/nonexistent/capture"))
    }
  }
}
