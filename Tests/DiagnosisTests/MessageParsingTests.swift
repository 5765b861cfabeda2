import Foundation
import Testing

@testable import Diagnosis

@Suite("Parsing kubelet and scheduler messages")
struct MessageParsingTests {
  @Test(
    "pull failures are told apart: not found, unauthorized, transient",
    arguments: [
      ("failed to resolve reference \"r/a:1\": r/a:1: not found", ImagePullFailure.notFound),
      ("manifest unknown: manifest tagged by \"v2\" is not found", .notFound),
      (
        "pull access denied, repository does not exist or may require authorization: 401 Unauthorized",
        .unauthorized
      ),
      ("unexpected status from HEAD request: 403 Forbidden", .unauthorized),
      ("dial tcp 52.94.226.38:443: i/o timeout", .transient),
      ("net/http: TLS handshake timeout", .transient),
      ("couldn't parse image reference \"Bad:Name\": invalid reference format", .invalidName),
    ] as [(String, ImagePullFailure)])
  func pullFailure(message: String, expected: ImagePullFailure) {
    #expect(ImagePullFailure(message: message) == expected)
  }

  @Test("a FailedScheduling message is split into its reasons")
  func scheduling() {
    let failure = SchedulingFailure(
      message:
        "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: monitoring}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
    )
    #expect(failure.availableNodes == 0 && failure.totalNodes == 3)
    #expect(
      failure.reasons == [
        .untoleratedTaint(taint: "dedicated: monitoring", nodes: 1), .affinityMismatch(nodes: 2),
      ])
    #expect(
      SchedulingFailure(message: "0/3 nodes are available: 3 Insufficient cpu.").reasons == [
        .insufficient(resource: "cpu", nodes: 3)
      ])
    #expect(
      SchedulingFailure(
        message:
          "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: x"
      ).reasons
        == [.unboundClaims])
  }

  @Test("missing Secret and ConfigMap references are read from CreateContainerConfigError messages")
  func missingReferences() {
    #expect(PodAnalyzer.missingReference(in: "secret \"db\" not found")! == ("Secret", "db", nil))
    #expect(
      PodAnalyzer.missingReference(in: "configmap \"env\" not found")! == ("ConfigMap", "env", nil))
    #expect(
      PodAnalyzer.missingReference(in: "couldn't find key url in Secret billing/db")! == (
        "Secret", "db", "url"
      ))
    #expect(PodAnalyzer.missingReference(in: "failed to sync configmap cache: timed out") == nil)
  }

  @Test("quantities read and write the units operators use")
  func quantities() {
    #expect(Quantity.millicores("250m") == 250)
    #expect(Quantity.millicores("6") == 6000)
    #expect(Quantity.mebibytes("512Mi") == 512)
    #expect(Quantity.mebibytes("15092352Ki") == 14739)
    #expect(Quantity.mebibytes("1G") == 954)
    #expect(Quantity.formatMillicores(3500) == "3500m")
    #expect(Quantity.formatMillicores(2000) == "2")
    #expect(Quantity.value("lots") == nil)
  }

  @Test("a heap flag is found in the env and replaced by a share of the limit")
  func heapSetting() throws {
    let container = try KubeContainer.read(
      Data(
        #"{"name": "app", "env": [{"name": "JAVA_OPTS", "value": "-Xms256m -Xmx2g -XX:+UseG1GC"}]}"#
          .utf8))
    let heap = try #require(HeapSetting.find(in: container))
    #expect(heap.mebibytes == 2048)
    #expect(heap.variable == "JAVA_OPTS")
    #expect(heap.cappedValue == "-Xms256m -XX:MaxRAMPercentage=75 -XX:+UseG1GC")
  }

  @Test("resource quantities written as bare numbers are read as their text")
  func numericQuantities() throws {
    let resources = try KubeResources.read(
      Data(#"{"limits": {"cpu": 1, "memory": "1Gi"}, "requests": {"cpu": 0.5}}"#.utf8))
    #expect(resources.limits == ["cpu": "1", "memory": "1Gi"])
    #expect(resources.requests.flatMap { $0["cpu"] }.flatMap(Quantity.millicores) == 500)
  }

  @Test("patch values that YAML would read as another type are quoted")
  func yamlQuoting() {
    #expect(YAMLNode.quote("2560Mi") == "2560Mi")
    #expect(YAMLNode.quote("1") == "\"1\"")
    #expect(YAMLNode.quote("true") == "\"true\"")
    #expect(YAMLNode.quote("-Xms256m -Xmx1g") == "\"-Xms256m -Xmx1g\"")
    #expect(YAMLNode.quote("<value>") == "\"<value>\"")
  }
}
