import Diagnosis
import Foundation
import Testing

@Suite("Input: kubectl JSON, tool events, bad input")
struct InputTests {
  let pods = PodFixture.list([
    PodFixture.pod(
      "a-1", namespace: "one",
      containers: [
        PodFixture.container(
          state: PodFixture.waiting("CrashLoopBackOff"),
          lastState: PodFixture.terminated(1, "Error"))
      ]),
    PodFixture.pod(
      "b-1", namespace: "two",
      containers: [PodFixture.container(state: PodFixture.waiting("ErrImagePull", "not found"))]),
  ])

  @Test("the namespace filter keeps only that namespace's pods, events and findings")
  func namespaceFilter() throws {
    var data = ClusterData(source: "test")
    try data.addObjects(json: pods, source: "pods.json")
    try data.addObjects(
      json: PodFixture.list([
        PodFixture.event(
          on: "a-1", namespace: "one", reason: "BackOff",
          message: "Back-off restarting failed container app in pod a-1"),
        PodFixture.event(
          on: "b-1", namespace: "two", reason: "Failed",
          message: "Failed to pull image \"x:1\": not found"),
      ]), source: "events.json")
    let all = DiagnosisEngine.diagnose(data)
    #expect(all.scope.pods == 2 && all.scope.events == 2 && all.scope.namespace == nil)
    #expect(all.findings.count == 2)
    let one = DiagnosisEngine.diagnose(data, namespace: "one")
    #expect(one.scope.pods == 1 && one.scope.events == 1 && one.scope.namespace == "one")
    #expect(one.pods.map(\.name) == ["a-1"])
    #expect(one.findings.allSatisfy { $0.affected.allSatisfy { $0.namespace == "one" } })
    #expect(one.findings.map(\.kind) == ["application-error"])
    #expect(DiagnosisEngine.diagnose(data, namespace: "none").findings.isEmpty)
  }

  @Test("a typed list's items take their kind from the list; a single object is read too")
  func typedListAndSingleObject() throws {
    var item = PodFixture.pod(
      "c-1", namespace: "ns",
      containers: [PodFixture.container(ready: true, state: PodFixture.running)])
    item.removeValue(forKey: "kind")
    item.removeValue(forKey: "apiVersion")
    var data = ClusterData(source: "test")
    try data.addObjects(
      json: PodFixture.list([item], kind: "PodList"), source: "kubectl get pods -n ns -o json")
    let single = PodFixture.pod(
      "c-2", namespace: "ns",
      containers: [PodFixture.container(ready: true, state: PodFixture.running)])
    try data.addObjects(
      json: try JSONSerialization.data(withJSONObject: single), source: "pod.json")
    try data.addObjects(
      json: PodFixture.list([["kind": "Widget", "metadata": ["name": "w"]]]), source: "crd.json")
    let report = DiagnosisEngine.diagnose(data)
    #expect(report.pods.map(\.name) == ["c-1", "c-2"])
    #expect(report.healthy)
  }

  @Test("events.k8s.io/v1 events (regarding, note) are read like core ones")
  func eventsV1() throws {
    var data = ClusterData(source: "test")
    try data.addObjects(
      json: PodFixture.list([PodFixture.pod("p", phase: "Pending", specContainers: ["app"])]),
      source: "pods.json")
    let event: [String: Any] = [
      "apiVersion": "events.k8s.io/v1", "kind": "Event",
      "metadata": ["name": "p.1", "namespace": "default"],
      "regarding": ["kind": "Pod", "namespace": "default", "name": "p"],
      "reason": "FailedScheduling",
      "note": "0/2 nodes are available: 2 Insufficient memory.", "type": "Warning",
      "deprecatedCount": 4,
      "eventTime": "2025-06-10T09:00:00.000000Z",
    ]
    try data.addObjects(json: PodFixture.list([event]), source: "events.json")
    let finding = try #require(DiagnosisEngine.diagnose(data).findings.first)
    #expect(finding.kind == "insufficient-resources")
    #expect(finding.evidence.contains { $0.source.contains("×4") })
  }

  @Test("summarized tool events become events on the pod they name")
  func toolEventSummaries() throws {
    var data = ClusterData(source: "kubectl_tools")
    try data.addObjects(json: pods, source: "kubectl_get_pods")
    let answer = """
      {"status": "success", "command": "kubectl get events -n two -o json", "count": 1,
       "events": [{"type": "Warning", "reason": "Failed", "object": "b-1", "count": 3,
                   "message": "Failed to pull image \\"x:1\\": manifest unknown", "last_seen": "2025-06-10T09:00:00Z"}]}
      """
    try data.addToolEvents(json: Data(answer.utf8), namespace: "two", source: "kubectl_get_events")
    let report = DiagnosisEngine.diagnose(data, namespace: "two")
    #expect(report.scope.events == 1)
    let finding = try #require(report.findings.first)
    #expect(finding.kind == "image-not-found")
    #expect(
      finding.evidence.contains {
        $0.source
          == "event Warning Failed on pod/b-1 (×3, last 2025-06-10T09:00:00Z) (kubectl_get_events)"
      })
  }

  @Test("a tool answer's raw items are preferred over its summaries")
  func toolEventRawItems() throws {
    var data = ClusterData(source: "kubectl_tools")
    let raw = PodFixture.event(
      on: "gone-pod", namespace: "ns", reason: "Failed",
      message: "Error: secret \"db-password\" not found", fieldPath: "spec.containers{app}")
    let answer: [String: Any] = [
      "status": "success",
      "events": [
        ["type": "Warning", "reason": "Failed", "object": "gone-pod", "message": "summary only"]
      ],
      "items": [raw],
    ]
    try data.addToolEvents(
      json: try JSONSerialization.data(withJSONObject: answer), namespace: "ns", source: "tool")
    // The pod itself was never captured: the events alone still name the missing secret.
    let finding = try #require(DiagnosisEngine.diagnose(data).findings.first)
    #expect(finding.kind == "missing-secret")
    #expect(finding.rootCause.contains("db-password"))
    #expect(
      finding.affected.first == ObjectReference(kind: "Pod", namespace: "ns", name: "gone-pod"))
  }

  @Test("a bare array of summaries is accepted; a summary's object is matched by name")
  func toolEventsBareArray() throws {
    var data = ClusterData(source: "tool")
    try data.addObjects(json: pods, source: "pods.json")
    let answer =
      #"[{"type": "Warning", "reason": "BackOff", "object": "a-1", "message": "Back-off restarting failed container app in pod a-1"}]"#
    try data.addToolEvents(json: Data(answer.utf8), namespace: nil, source: "tool")
    let report = DiagnosisEngine.diagnose(data, namespace: "one")
    #expect(report.scope.events == 1)
    #expect(
      report.findings.first?.evidence.contains { $0.source.contains("BackOff on pod/a-1") } == true)
  }

  @Test(
    "bad input is one typed error naming the source and what is wrong",
    arguments: [
      ("{not json", "pods.json: is not valid JSON (line 1, column 2)"),
      (
        "{\n  \"kind\": \"Pod\",\n  \"metadata\": {},\n}",
        "pods.json: is not valid JSON (line 4, column 1)"
      ),
      ("[1, 2]", "pods.json: is not a JSON object"),
      (#"{"metadata": {"name": "x"}}"#, #"pods.json: has no "kind""#),
      (#"{"kind": "PodList", "items": [{"spec": {}}]}"#, "pods.json: items[0].metadata is missing"),
      (
        #"{"kind": "List", "items": [{"metadata": {"name": "x"}}]}"#,
        #"pods.json: items[0] has no "kind""#
      ),
      (#"{"kind": "Pod", "metadata": {"name": 5}}"#, "pods.json: metadata.name is not a string"),
    ])
  func badObjects(json: String, expected: String) {
    var data = ClusterData(source: "test")
    #expect {
      try data.addObjects(json: Data(json.utf8), source: "pods.json")
    } throws: { error in
      guard let error = error as? DiagnosisInputError else { return false }
      return error.source == "pods.json" && error.description.hasPrefix(expected)
        && !error.description.contains("\n")
    }
  }

  @Test("a tool answer that is an error or not an events answer is refused")
  func badToolEvents() {
    var data = ClusterData(source: "test")
    #expect(
      throws: DiagnosisInputError.invalidToolEvents(
        source: "tool", problem: "the kubectl tool failed: forbidden")
    ) {
      try data.addToolEvents(
        json: Data(#"{"status": "error", "message": "forbidden"}"#.utf8), namespace: nil,
        source: "tool")
    }
    #expect {
      try data.addToolEvents(json: Data(#"{"pods": []}"#.utf8), namespace: nil, source: "tool")
    } throws: { error in
      (error as? DiagnosisInputError)?.description.hasPrefix(
        "tool: is not the kubectl tool's events answer") == true
    }
  }
}
