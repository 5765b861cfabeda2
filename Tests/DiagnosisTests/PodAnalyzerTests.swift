import Diagnosis
import Foundation
import Testing

@Suite("Pod analysis beyond the captured scenarios")
struct PodAnalyzerTests {
  func diagnose(pods: [[String: Any]], events: [[String: Any]] = []) throws -> DiagnosisReport {
    var data = ClusterData(source: "test")
    try data.addObjects(json: PodFixture.list(pods), source: "pods.json")
    if !events.isEmpty { try data.addObjects(json: PodFixture.list(events), source: "events.json") }
    return DiagnosisEngine.diagnose(data)
  }

  @Test("the kubectl tool's get_pods answer is read through its raw items")
  func toolPodsAnswer() throws {
    let answer: [String: Any] = [
      "status": "success", "count": 1, "pods": [["name": "p", "phase": "Running"]],
      "items": [
        PodFixture.pod(
          "p",
          containers: [
            PodFixture.container(
              state: PodFixture.waiting("CrashLoopBackOff"), lastState: PodFixture.terminated(139))
          ])
      ],
    ]
    var data = ClusterData(source: "tool")
    try data.addObjects(
      json: try JSONSerialization.data(withJSONObject: answer), source: "kubectl_get_pods")
    let finding = try #require(DiagnosisEngine.diagnose(data).findings.first)
    #expect(finding.kind == "segmentation-fault")
    #expect(finding.rootCause.contains("SIGSEGV"))
  }

  @Test("a container that restarted once and runs again is a note, and the report stays healthy")
  func singleRestartIsInfo() throws {
    let report = try diagnose(pods: [
      PodFixture.pod(
        "p",
        containers: [
          PodFixture.container(
            ready: true, restarts: 1, state: PodFixture.running,
            lastState: PodFixture.terminated(137, "OOMKilled"))
        ],
        conditions: [["type": "Ready", "status": "True"]])
    ])
    #expect(report.findings.map(\.kind) == ["oom-killed"])
    #expect(report.findings.first?.severity == .info)
    #expect(report.healthy)
  }

  @Test("a pod stuck in ContainerCreating on a failed mount names the mount error")
  func failedMount() throws {
    let report = try diagnose(
      pods: [
        PodFixture.pod(
          "p", phase: "Pending",
          containers: [PodFixture.container(state: PodFixture.waiting("ContainerCreating"))])
      ],
      events: [
        PodFixture.event(
          on: "p", reason: "FailedMount",
          message: "MountVolume.SetUp failed for volume \"certs\" : secret \"tls-certs\" not found")
      ])
    let finding = try #require(report.findings.first)
    #expect(finding.kind == "volume-mount-failing")
    #expect(finding.rootCause.contains("tls-certs"))
  }

  @Test("evicted pods with no replacement running are critical")
  func evictedWithoutReplacement() throws {
    let report = try diagnose(pods: [
      PodFixture.pod(
        "p", phase: "Failed", reason: "Evicted", owner: ("StatefulSet", "db"),
        containers: [
          PodFixture.container(state: PodFixture.terminated(137, "ContainerStatusUnknown"))
        ])
    ])
    let finding = try #require(report.findings.first)
    #expect(finding.kind == "evicted")
    #expect(finding.severity == .critical)
  }

  @Test("a liveness-killed container is told from an OOM kill by its events")
  func livenessVersusOOM() throws {
    let crashing = PodFixture.container(
      restarts: 7, state: PodFixture.waiting("CrashLoopBackOff"),
      lastState: PodFixture.terminated(137, "Error"))
    let withoutProbe = try diagnose(pods: [PodFixture.pod("p", containers: [crashing])])
    #expect(withoutProbe.findings.first?.kind == "killed")
    #expect(withoutProbe.findings.first?.confidence == .medium)
    let withProbe = try diagnose(
      pods: [PodFixture.pod("p", containers: [crashing])],
      events: [
        PodFixture.event(
          on: "p", reason: "Unhealthy",
          message:
            "Liveness probe failed: Get \"http://10.0.0.1:8080/health\": context deadline exceeded",
          count: 20),
        PodFixture.event(
          on: "p", reason: "Killing",
          message: "Container app failed liveness probe, will be restarted", type: "Normal"),
      ])
    let finding = try #require(withProbe.findings.first)
    #expect(finding.kind == "liveness-probe-failing")
    #expect(finding.severity == .critical)
    #expect(finding.rootCause.contains("context deadline exceeded"))
  }
}

@Suite("Claims without pods")
struct ClaimTests {
  @Test("a claim that fails to provision is reported even when no captured pod uses it")
  func standaloneClaim() throws {
    var data = ClusterData(source: "test")
    let claim: [String: Any] = [
      "apiVersion": "v1", "kind": "PersistentVolumeClaim",
      "metadata": ["name": "scratch", "namespace": "ns"],
      "spec": ["storageClassName": "fast"], "status": ["phase": "Pending"],
    ]
    let storageClass: [String: Any] = [
      "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": ["name": "gp3"],
      "provisioner": "ebs.csi.aws.com",
    ]
    try data.addObjects(json: PodFixture.list([claim, storageClass]), source: "storage.json")
    try data.addObjects(
      json: PodFixture.list([
        PodFixture.event(
          on: "scratch", namespace: "ns", kind: "PersistentVolumeClaim",
          reason: "ProvisioningFailed",
          message: "storageclass.storage.k8s.io \"fast\" not found")
      ]), source: "events.json")
    let report = DiagnosisEngine.diagnose(data)
    let finding = try #require(report.findings.first)
    #expect(finding.kind == "unbound-volume-claim")
    #expect(finding.severity == .warning)
    #expect(
      finding.affected == [
        ObjectReference(kind: "PersistentVolumeClaim", namespace: "ns", name: "scratch")
      ])
    #expect(
      finding.rootCause.contains("StorageClass fast, which does not exist (the cluster has gp3)"))
  }
}
