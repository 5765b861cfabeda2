import Foundation
import Testing

@testable import Diagnosis

/// What the execution step reads itself: a kubectl tool answer's envelope, and
/// which container logs are worth asking for.
@Suite("Tool answers and log requests")
struct ToolAnswerTests {
  @Test("an answer's envelope is read without its objects: status, command, counts, logs")
  func envelope() throws {
    let pods =
      #"{"status": "success", "command": ["/usr/bin/kubectl", "get", "pods", "-A"], "count": 2, "pods": [{"name": "a"}], "items": [{"kind": "Pod", "x": [1, {"y": "]"}]}, {}], "truncated": false}"#
    let answer = try KubectlToolAnswer(json: Data(pods.utf8), source: "get_pods")
    #expect(answer.succeeded && answer.command == "/usr/bin/kubectl get pods -A")
    #expect(answer.itemCount == 2 && answer.count == 2 && answer.logs == nil)
    let logs = #"{"status": "success", "command": "kubectl logs a", "logs": "line 1\nline \u00e9"}"#
    let log = try KubectlToolAnswer(json: Data(logs.utf8), source: "get_logs")
    #expect(log.logs == "line 1\nline é" && log.command == "kubectl logs a" && log.itemCount == nil)
    let failed = #"{"status": "error", "message": "forbidden", "command": ["kubectl"]}"#
    let failure = try KubectlToolAnswer(json: Data(failed.utf8), source: "get_pods")
    #expect(!failure.succeeded && failure.message == "forbidden")
  }

  @Test("an answer that is not JSON is refused, naming where it breaks")
  func notJSON() {
    #expect(throws: DiagnosisInputError.invalidJSON(source: "get_pods", line: 1, column: 35)) {
      try KubectlToolAnswer(
        json: Data(#"{"status": "success", "items": [1,]}"#.utf8), source: "get_pods")
    }
  }

  func data(_ pods: [[String: Any]]) throws -> ClusterData {
    var data = ClusterData(source: "test")
    try data.addObjects(json: PodFixture.list(pods), source: "pods.json")
    return data
  }

  @Test("previous logs of restarted containers and current logs of running, unready ones")
  func whichLogs() throws {
    let owner = (kind: "ReplicaSet", name: "web-1")
    let data = try data([
      PodFixture.pod(
        "web-1-a", owner: owner,
        containers: [
          PodFixture.container(
            "app", restarts: 4, state: PodFixture.waiting("CrashLoopBackOff"),
            lastState: PodFixture.terminated(137, "OOMKilled")),
          PodFixture.container("sidecar", ready: true, state: PodFixture.running),
        ]),
      PodFixture.pod(
        "starting", containers: [PodFixture.container("app", state: PodFixture.running)]),
      PodFixture.pod(
        "healthy", containers: [PodFixture.container("app", ready: true, state: PodFixture.running)]
      ),
      PodFixture.pod(
        "job-done", phase: "Succeeded",
        containers: [PodFixture.container("app", state: PodFixture.terminated(0, "Completed"))]),
    ])
    #expect(
      data.logRequests(perOwner: 3, maximum: 15) == [
        .init(namespace: "default", pod: "starting", container: "app", previous: false),
        .init(namespace: "default", pod: "web-1-a", container: "app", previous: true),
      ])
  }

  @Test("at most perOwner pods of one owner, and maximum pods in all, in name order")
  func bounded() throws {
    let crashing = (0..<6).map { index in
      PodFixture.pod(
        "api-\(index)", owner: (kind: "ReplicaSet", name: "api-1"),
        containers: [
          PodFixture.container(
            "app", restarts: 2, state: PodFixture.waiting("CrashLoopBackOff"),
            lastState: PodFixture.terminated(1))
        ])
    }
    let others = (0..<6).map { index in
      PodFixture.pod(
        "solo-\(index)",
        containers: [
          PodFixture.container(
            "app", restarts: 1, state: PodFixture.running, lastState: PodFixture.terminated(1))
        ])
    }
    let data = try data(crashing + others)
    let perOwner = data.logRequests(perOwner: 2, maximum: 100).map(\.pod)
    #expect(perOwner.filter { $0.hasPrefix("api-") } == ["api-0", "api-1"])
    // A restarted container that runs again: its previous and its current log.
    #expect(perOwner.filter { $0 == "solo-0" }.count == 2)
    let capped = Set(data.logRequests(perOwner: 3, maximum: 4).map(\.pod))
    #expect(capped == ["api-0", "api-1", "api-2", "solo-0"])
  }
}
