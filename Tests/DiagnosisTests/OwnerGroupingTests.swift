import Diagnosis
import Foundation
import Testing

@Suite("Owner grouping")
struct OwnerGroupingTests {
  func crashingPod(
    _ name: String, owner: (kind: String, name: String)?, labels: [String: String] = [:]
  )
    -> [String: Any]
  {
    PodFixture.pod(
      name, namespace: "shop", owner: owner, labels: labels,
      containers: [
        PodFixture.container(
          restarts: 5, state: PodFixture.waiting("CrashLoopBackOff"),
          lastState: PodFixture.terminated(137, "OOMKilled"))
      ])
  }

  @Test("three crashing pods of one deployment are one finding about the deployment, owner first")
  func deploymentThroughReplicaSet() throws {
    var data = ClusterData(source: "test")
    let pods = ["web-6d4b9-a1", "web-6d4b9-b2", "web-6d4b9-c3"].map {
      crashingPod($0, owner: ("ReplicaSet", "web-6d4b9"))
    }
    try data.addObjects(json: PodFixture.list(pods), source: "pods.json")
    let replicaSet: [String: Any] = [
      "apiVersion": "apps/v1", "kind": "ReplicaSet",
      "metadata": [
        "name": "web-6d4b9", "namespace": "shop",
        "ownerReferences": [["kind": "Deployment", "name": "frontend", "controller": true]],
      ],
    ]
    try data.addObjects(
      json: try JSONSerialization.data(withJSONObject: replicaSet), source: "rs.json")
    let report = DiagnosisEngine.diagnose(data)
    #expect(report.findings.count == 1)
    let finding = try #require(report.findings.first)
    // The ReplicaSet object names the Deployment, even though the name does not derive from it.
    #expect(
      finding.affected.first
        == ObjectReference(kind: "Deployment", namespace: "shop", name: "frontend"))
    #expect(
      finding.affected.dropFirst().map(\.name) == ["web-6d4b9-a1", "web-6d4b9-b2", "web-6d4b9-c3"])
    #expect(report.pods.allSatisfy { $0.owner?.name == "frontend" })
  }

  @Test("without the ReplicaSet object the deployment comes from the pod-template-hash label")
  func deploymentFromTemplateHash() throws {
    var data = ClusterData(source: "test")
    let pods = ["api-7f8c9-x", "api-7f8c9-y"].map {
      crashingPod($0, owner: ("ReplicaSet", "api-7f8c9"), labels: ["pod-template-hash": "7f8c9"])
    }
    try data.addObjects(json: PodFixture.list(pods), source: "pods.json")
    let finding = try #require(DiagnosisEngine.diagnose(data).findings.first)
    #expect(
      finding.affected.first == ObjectReference(kind: "Deployment", namespace: "shop", name: "api"))
    #expect(finding.affected.count == 3)
  }

  @Test("StatefulSet, DaemonSet and Job pods group under their controller directly")
  func directControllers() throws {
    var data = ClusterData(source: "test")
    let pods = [
      crashingPod("db-0", owner: ("StatefulSet", "db")),
      crashingPod("db-1", owner: ("StatefulSet", "db")),
      crashingPod("agent-abcde", owner: ("DaemonSet", "agent")),
      crashingPod("migrate-xyz12", owner: ("Job", "migrate")),
      crashingPod("standalone", owner: nil),
    ]
    try data.addObjects(json: PodFixture.list(pods), source: "pods.json")
    let owners = DiagnosisEngine.diagnose(data).findings.map { $0.affected[0] }
    #expect(owners.count == 4)
    #expect(owners.contains(ObjectReference(kind: "StatefulSet", namespace: "shop", name: "db")))
    #expect(owners.contains(ObjectReference(kind: "DaemonSet", namespace: "shop", name: "agent")))
    #expect(owners.contains(ObjectReference(kind: "Job", namespace: "shop", name: "migrate")))
    #expect(owners.contains(ObjectReference(kind: "Pod", namespace: "shop", name: "standalone")))
  }

  @Test("different problems of one deployment stay separate findings, most severe first")
  func differentKinds() throws {
    var data = ClusterData(source: "test")
    let owner = ("ReplicaSet", "web-6d4b9")
    let pods = [
      crashingPod("web-6d4b9-a1", owner: owner),
      PodFixture.pod(
        "web-6d4b9-b2", namespace: "shop", owner: owner,
        containers: [
          PodFixture.container(
            state: PodFixture.waiting("CreateContainerConfigError", "secret \"k\" not found"))
        ]),
      PodFixture.pod(
        "web-6d4b9-c3", namespace: "shop", owner: owner,
        containers: [
          PodFixture.container(
            ready: true, restarts: 1, state: PodFixture.running,
            lastState: PodFixture.terminated(1, "Error"))
        ]),
    ]
    try data.addObjects(json: PodFixture.list(pods), source: "pods.json")
    let findings = DiagnosisEngine.diagnose(data).findings
    #expect(findings.map(\.kind) == ["missing-secret", "oom-killed", "application-error"])
    #expect(findings.map(\.severity) == [.critical, .critical, .info])
  }
}
