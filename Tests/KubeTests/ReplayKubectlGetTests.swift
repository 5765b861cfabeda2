import Foundation
import Testing

@testable import Kube

@Suite("The real kubectl reads a replayed cluster with get")
struct ReplayKubectlGetTests {
  @Test("get pods -n NS -o json lists exactly that namespace's pods")
  func getPodsInNamespaceAsJSON() async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    defer { Task { await replay.stop() } }
    let result = try await replay.kubectl("get", "pods", "-n", "production", "-o", "json")
    #expect(result.status == 0, "\(result.stderr)")
    let names = try result.itemNames()
    #expect(names.count == 3)
    #expect(names.allSatisfy { $0.hasPrefix("payment-service-7d9f8b6c5-") })
    let restarts = try result.json()["items"]!.arrayValue.map {
      $0.value(at: "status.containerStatuses")?.arrayValue.first?.integer(at: "restartCount")
    }
    #expect(restarts == [15, 15, 15])
  }

  @Test("get pods -A spans every namespace and shows a NAMESPACE column")
  func getPodsAcrossAllNamespaces() async throws {
    let replay = try await ReplayHarness.start(scenario: "healthy")
    defer { Task { await replay.stop() } }
    let result = try await replay.kubectl("get", "pods", "-A")
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.first?.hasPrefix("NAMESPACE") == true)
    #expect(lines.count == 1 + 7)
    #expect(result.stdout.contains("kube-system") && result.stdout.contains("shop"))
    #expect(!result.stdout.contains("CrashLoopBackOff"))
  }

  @Test(
    "label selectors as kubectl sends them pick the matching pods",
    arguments: [
      ("app=cart", 2), ("app==catalog", 3), ("app!=cart", 5), ("app in (cart,catalog)", 5),
      ("app notin (cart)", 5), ("k8s-app", 2), ("!k8s-app", 5), ("app=cart,pod-template-hash", 2),
    ])
  func labelSelector(selector: String, expected: Int) async throws {
    let replay = try await ReplayHarness.start(scenario: "healthy")
    defer { Task { await replay.stop() } }
    let result = try await replay.kubectl("get", "pods", "-A", "-l", selector, "-o", "json")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try result.itemNames().count == expected)
  }

  @Test("field selectors on status.phase and spec.nodeName filter on the server")
  func fieldSelectors() async throws {
    let replay = try await ReplayHarness.start(scenario: "evicted")
    defer { Task { await replay.stop() } }
    let running = try await replay.kubectl(
      "get", "pods", "-n", "reports", "--field-selector", "status.phase=Running", "-o", "json")
    #expect(try running.itemNames() == ["pdf-renderer-65b8c7d9f4-s7vkc"])
    let failedOnNode = try await replay.kubectl(
      "get", "pods", "-A", "-o", "json", "--field-selector",
      "status.phase!=Running,spec.nodeName=ip-10-0-2-117.ec2.internal")
    #expect(try failedOnNode.itemNames().count == 3)
    let unsupported = try await replay.kubectl(
      "get", "pods", "-A", "--field-selector", "spec.image=x")
    #expect(unsupported.status != 0)
    #expect(unsupported.stderr.contains("field label not supported: spec.image"))
  }

  @Test("get pods -o wide prints the server's columns, including IP and NODE")
  func getPodsWide() async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    defer { Task { await replay.stop() } }
    let result = try await replay.kubectl("get", "pods", "-n", "production", "-o", "wide")
    #expect(result.status == 0, "\(result.stderr)")
    let header = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
    for column in ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE"] {
      #expect(header.contains(column))
    }
    let rows = result.stdout.split(separator: "\n").dropFirst()
    #expect(rows.count == 3)
    for row in rows {
      #expect(row.contains("0/1") && row.contains("CrashLoopBackOff") && row.contains("15 ("))
      #expect(row.contains(".ec2.internal"))
    }
  }

  @Test("get pod NAME returns one object, and a missing name says NotFound")
  func getSinglePod() async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    defer { Task { await replay.stop() } }
    let found = try await replay.kubectl(
      "get", "pod", "payment-service-7d9f8b6c5-x2k4p", "-n", "production", "-o", "json")
    #expect(try found.json().string(at: "metadata.name") == "payment-service-7d9f8b6c5-x2k4p")
    let missing = try await replay.kubectl("get", "pod", "nope", "-n", "production")
    #expect(missing.status != 0)
    #expect(missing.stderr.contains("pods \"nope\" not found"))
  }

  @Test("get deploy, rs, nodes, pvc, svc, cm and ns print their usual columns")
  func getOtherKinds() async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    defer { Task { await replay.stop() } }
    let deploy = try await replay.kubectl("get", "deploy", "-n", "production")
    #expect(deploy.stdout.contains("payment-service   0/3     3            0"))
    let nodes = try await replay.kubectl("get", "nodes", "-o", "wide")
    #expect(nodes.stdout.contains("INTERNAL-IP") && nodes.stdout.contains("Ready"))
    let more = try await replay.kubectl("get", "rs,svc,cm", "-n", "production")
    #expect(more.status == 0, "\(more.stderr)")
    #expect(more.stdout.contains("replicaset.apps/payment-service-7d9f8b6c5"))
    #expect(
      more.stdout.contains("service/payment-service") && more.stdout.contains("172.20.84.113"))
    let namespaces = try await replay.kubectl("get", "ns")
    #expect(namespaces.stdout.contains("production") && namespaces.stdout.contains("Active"))

    let storage = try await ReplayHarness.start(scenario: "unbound-pvc")
    defer { Task { await storage.stop() } }
    let pvc = try await storage.kubectl("get", "pvc", "-n", "db")
    #expect(pvc.stdout.contains("data-postgres-0") && pvc.stdout.contains("Pending"))
    #expect(pvc.stdout.contains("fast-ssd"))
  }

  @Test("get events works for core/v1 and events.k8s.io/v1, with involvedObject selectors")
  func getEvents() async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    defer { Task { await replay.stop() } }
    let core = try await replay.kubectl(
      "get", "events", "-n", "production", "--field-selector",
      "involvedObject.name=payment-service-7d9f8b6c5-r5wnj,type=Warning", "-o", "json")
    let reasons = try core.json()["items"]!.arrayValue.compactMap { $0.string(at: "reason") }
    #expect(Set(reasons) == ["BackOff", "Failed"])
    let table = try await replay.kubectl("get", "events", "-n", "production")
    #expect(table.stdout.hasPrefix("LAST SEEN   TYPE"))
    let modern = try await replay.kubectl(
      "get", "events.v1.events.k8s.io", "-n", "production", "-o", "json")
    let notes = try modern.json()["items"]!.arrayValue.compactMap { $0.string(at: "note") }
    #expect(notes.contains { $0.contains("Back-off restarting failed container") })
  }

  @Test("get -w prints the list and ends, since a capture never changes")
  func watchEnds() async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    defer { Task { await replay.stop() } }
    let result = try await replay.kubectl("get", "pods", "-n", "production", "-w")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.split(separator: "\n").count == 4)
  }
}
