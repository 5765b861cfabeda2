import Foundation
import Sandbox
import Testing

@testable import Kube

/// The whole read path, every part real: the verb policy, the real kubectl in
/// the kubectl-readonly sandbox, the sandbox's gateway port served from the
/// host by the read-only gateway, the user's `kubectl proxy`, the replay cluster.
@Suite("kubectl through policy, sandbox, gateway and kubectl proxy")
struct ChainTests {
  static func withChain(
    _ body: (SandboxedKubectl, ReplayHarness) async throws -> Void
  ) async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    defer { Task { await replay.stop() } }
    let profile = try ProfileSource.resolve("kubectl-readonly", workspace: nil).profile
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = replay.home.path
    let kubectl = try SandboxedKubectl(
      proxy: KubectlProxy.Configuration(
        kubeconfig: replay.kubeconfig.path, environment: environment),
      profile: profile, namespace: "production")
    defer { kubectl.stop() }
    try await body(kubectl, replay)
  }

  @Test("reads through the whole chain succeed")
  func readsSucceed() async throws {
    try await Self.withChain { kubectl, _ in
      let pods = try await kubectl.run(["kubectl", "get", "pods", "-o", "json"])
      #expect(pods.ending == .exited(code: 0), "\(pods.ending) \(pods.stderr.text)")
      #expect(pods.stdout.text.contains("payment-service"))
      let logs = try await kubectl.run(
        ["kubectl", "logs", "--previous", "-l", "app=payment-service", "--tail", "50"])
      #expect(logs.stdout.text.contains("java.lang.OutOfMemoryError: Java heap space"))
      let described = try await kubectl.run(["kubectl", "describe", "pods"])
      #expect(described.stdout.text.contains("OOMKilled"), "\(described.stderr.text)")
      let paths = kubectl.audit.records.map(\.path)
      #expect(paths.contains("/api/v1/namespaces/production/pods"), "\(paths)")
      #expect(kubectl.audit.records.allSatisfy { $0.method == "GET" })
    }
  }

  @Test("the verb policy stops writes and secrets before anything runs")
  func policyStopsWrites() async throws {
    try await Self.withChain { kubectl, _ in
      for argv in [
        ["kubectl", "delete", "pod", "payment-service-1"],
        ["kubectl", "apply", "-f", "deploy.yaml"],
        ["kubectl", "exec", "payment-service-1", "--", "sh"],
        ["kubectl", "get", "secrets"],
        ["kubectl", "get", "--raw", "/api/v1/namespaces/production/secrets"],
      ] {
        await #expect(throws: SandboxedKubectl.Failure.self, "\(argv)") {
          try await kubectl.run(argv)
        }
      }
      #expect(kubectl.audit.records.isEmpty, "nothing reached the gateway")
    }
  }

  @Test("the gateway alone refuses what a policy bypass would send")
  func gatewayRefusesAlone() async throws {
    try await Self.withChain { kubectl, _ in
      // `auth can-i` passes the verb policy but needs a POST: the gateway refuses it.
      let result = try await kubectl.run(["kubectl", "auth", "can-i", "get", "pods"])
      #expect(result.ending != .exited(code: 0))
      #expect(result.stderr.text.contains("meta-agent gateway"), "\(result.stderr.text)")
      #expect(kubectl.audit.records.contains { $0.method == "POST" && $0.decision == .refused })
    }
  }

  @Test("inside, kubectl's kubeconfig names only the gateway port and holds no credentials")
  func noCredentialsInside() {
    let text = SandboxedKubectl.kubeconfig(namespace: "production")
    #expect(text.contains("server: http://127.0.0.1:8001"))
    #expect(text.contains("users: []"))
    for secret in ["token", "client-key", "password", "exec:"] { #expect(!text.contains(secret)) }
  }
}
