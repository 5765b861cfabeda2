import Foundation
import Testing

@testable import Kube

@Suite("The real kubectl describes, reads logs, and is refused writes")
struct ReplayKubectlReadTests {
  @Test("describe pod shows the OOMKilled last state and the pod's events")
  func describePod() async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    defer { Task { await replay.stop() } }
    let result = try await replay.kubectl(
      "describe", "pod", "payment-service-7d9f8b6c5-r5wnj", "-n", "production")
    #expect(result.status == 0, "\(result.stderr)")
    for text in [
      "Controlled By:  ReplicaSet/payment-service-7d9f8b6c5", "Reason:       CrashLoopBackOff",
      "Reason:       OOMKilled", "Exit Code:    137", "Restart Count:  15", "memory:  512Mi",
      "Events:", "Back-off restarting failed container payment-service", "Error: ImagePullBackOff",
    ] {
      #expect(result.stdout.contains(text), "missing \(text)")
    }
  }

  @Test("logs, logs --previous and logs --tail read the captured files")
  func logs() async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    defer { Task { await replay.stop() } }
    let pod = "payment-service-7d9f8b6c5-x2k4p"
    let current = try await replay.kubectl("logs", pod, "-n", "production")
    #expect(current.status == 0, "\(current.stderr)")
    #expect(current.stdout.contains("Started PaymentServiceApplication"))
    let previous = try await replay.kubectl(
      "logs", pod, "-n", "production", "-c", "payment-service", "--previous")
    #expect(previous.stdout.contains("java.lang.OutOfMemoryError: Java heap space"))
    #expect(previous.stdout.contains("at com.acme.payments.settlement.SettlementJob.run"))
    let tail = try await replay.kubectl(
      "logs", pod, "-n", "production", "--previous", "--tail", "1")
    #expect(tail.stdout == "Terminating due to java.lang.OutOfMemoryError: Java heap space\n")
  }

  @Test("logs --previous without a previous container says so, as the kubelet would")
  func missingPreviousLog() async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    defer { Task { await replay.stop() } }
    let result = try await replay.kubectl(
      "logs", "payment-service-7d9f8b6c5-x2k4p", "-n", "production", "-c", "db-migrate",
      "--previous")
    #expect(result.status != 0)
    #expect(
      result.stderr.contains(
        "previous terminated container \"db-migrate\" in pod \"payment-service-7d9f8b6c5-x2k4p\" not found"
      ))
  }

  @Test(
    "writes are refused with a 405 saying the replay cluster is read-only",
    arguments: [
      ["delete", "pod", "payment-service-7d9f8b6c5-x2k4p", "-n", "production"],
      ["scale", "deployment/payment-service", "-n", "production", "--replicas=1"],
      ["label", "pod", "payment-service-7d9f8b6c5-x2k4p", "-n", "production", "x=y"],
      ["create", "configmap", "x", "-n", "production", "--from-literal=a=b"],
    ])
  func writesAreRefused(arguments: [String]) async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    defer { Task { await replay.stop() } }
    let result = try await Kubectl.run(arguments, kubeconfig: replay.kubeconfig, home: replay.home)
    #expect(result.status != 0)
    #expect(result.stderr.contains("the replay cluster is read-only"), "\(result.stderr)")
  }

  @Test("apply is refused: by validation without a schema, and with 405 past it")
  func applyIsRefused() async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    defer { Task { await replay.stop() } }
    let manifest = replay.home.appendingPathComponent("cm.yaml")
    try """
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: injected, namespace: production}
    data: {a: b}
    """.write(to: manifest, atomically: true, encoding: .utf8)
    let validated = try await replay.kubectl("apply", "-f", manifest.path)
    #expect(validated.status != 0)
    let unvalidated = try await replay.kubectl("apply", "--validate=false", "-f", manifest.path)
    #expect(unvalidated.status != 0)
    #expect(unvalidated.stderr.contains("the replay cluster is read-only"))
  }

  @Test("an unknown resource type is an error, not a hang")
  func unknownResource() async throws {
    let replay = try await ReplayHarness.start(scenario: "healthy")
    defer { Task { await replay.stop() } }
    let result = try await replay.kubectl("get", "frobnicators")
    #expect(result.status != 0)
    #expect(result.stderr.contains("the server doesn't have a resource type \"frobnicators\""))
    #expect(result.seconds < 30, "a hang, not a speed claim: kubectl gave up on its own")
    let raw = try await replay.kubectl("get", "--raw", "/apis/nothing.example.com/v1/things")
    #expect(raw.stderr.contains("NotFound"))
  }

  @Test("a replay server that is down makes kubectl fail within its request timeout")
  func serverDown() async throws {
    let replay = try await ReplayHarness.start(scenario: "healthy")
    await replay.server.shutdown()
    defer { try? FileManager.default.removeItem(at: replay.home) }
    let result = try await Kubectl.run(
      ["get", "pods", "--request-timeout=2s"], kubeconfig: replay.kubeconfig, home: replay.home)
    #expect(result.status != 0)
    #expect(result.stderr.contains("connection refused") || result.stderr.contains("refused"))
    #expect(result.seconds < 30, "a hang, not a speed claim: kubectl gave up on its own")
  }
}
