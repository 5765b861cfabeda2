import Foundation
import Governance
import Testing

@testable import Kube

/// The whole host side with real kubectl on both ends: a fake API server
/// behind TLS holding the planted credential, the real `kubectl proxy`, the
/// gateway, and a credential-free kubeconfig for the "sandboxed" kubectl.
final class GatewayRig: @unchecked Sendable {
  static let kubectl = "/usr/bin/kubectl"

  let scratch: ScratchDirectory
  let api: FakeHTTPServer
  let front: TLSFront
  let gateway: ReadOnlyGateway
  let auditLog: AuditLog
  let clientKubeconfig: String

  init() async throws {
    scratch = try ScratchDirectory()
    api = FakeHTTPServer(route: FakeKubernetes.route)
    try await api.start()
    front = try TLSFront(backendPort: api.port, directory: scratch.url)

    let hostKubeconfig = scratch.path("host-kubeconfig.yaml")
    try """
    apiVersion: v1
    kind: Config
    clusters:
    - name: fake
      cluster:
        server: https://127.0.0.1:\(front.port)
        certificate-authority: \(front.certificatePath)
    users:
    - name: planted
      user:
        token: \(FakeKubernetes.plantedToken)
    contexts:
    - name: other
      context: {cluster: fake, user: nobody}
    - name: fake
      context: {cluster: fake, user: planted, namespace: default}
    current-context: other
    """.write(toFile: hostKubeconfig, atomically: true, encoding: .utf8)

    _ = try Workspace.initialize(
      at: scratch.url.appendingPathComponent("ws"), environment: .dev, approver: "alice",
      profiles: [:])
    auditLog = AuditLog(
      database: try Workspace(root: scratch.url.appendingPathComponent("ws")).openDatabase())

    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = scratch.path("host-home")
    gateway = try await ReadOnlyGateway.start(
      proxy: KubectlProxy.Configuration(
        kubectl: Self.kubectl, kubeconfig: hostKubeconfig, context: "fake",
        environment: environment),
      listener: .tcp(host: "127.0.0.1", port: 0), auditLog: auditLog, actor: "test-tool")

    clientKubeconfig = scratch.path("sandbox-kubeconfig.yaml")
    try """
    apiVersion: v1
    kind: Config
    clusters:
    - name: gateway
      cluster:
        server: http://127.0.0.1:\(gateway.server.port ?? 0)
    users:
    - name: sandbox
      user: {}
    contexts:
    - name: sandbox
      context: {cluster: gateway, user: sandbox, namespace: default}
    current-context: sandbox
    """.write(toFile: clientKubeconfig, atomically: true, encoding: .utf8)
  }

  /// The "sandboxed" kubectl: no credential anywhere in its environment or files.
  func kubectl(_ arguments: [String]) throws -> CommandResult {
    try Command.run(
      Self.kubectl, ["--request-timeout=20s"] + arguments,
      environment: [
        "PATH": "/usr/bin:/bin", "HOME": scratch.path("sandbox-home"),
        "KUBECONFIG": clientKubeconfig,
      ], in: scratch.url)
  }

  func stop() async {
    await gateway.stop()
    front.stop()
    await api.stop()
    scratch.remove()
  }
}

@Suite("Gateway end to end", .serialized, .timeLimit(.minutes(2)))
struct GatewayEndToEndTests {
  @Test("real kubectl reads through the gateway; secrets, delete and exec are refused")
  func realKubectlThroughTheGateway() async throws {
    try await withRig { rig in

      let pods = try rig.kubectl(["get", "pods", "-o", "json"])
      #expect(pods.status == 0, "\(pods.stderr)")
      #expect(pods.stdout.contains("\"name\": \"web-1\""))

      let table = try rig.kubectl(["get", "pods"])
      #expect(table.status == 0, "\(table.stderr)")
      #expect(table.stdout.contains("web-1"))

      let watch = try rig.kubectl(["get", "pods", "--watch", "-o", "name"])
      #expect(watch.stdout.contains("pod/web-1"), "\(watch.output)")
      #expect(rig.api.requests.contains { $0.uri.contains("watch=true") })

      let logs = try rig.kubectl(["logs", "web-1", "--tail=20"])
      #expect(logs.status == 0, "\(logs.stderr)")
      #expect(logs.stdout.contains("java.lang.OutOfMemoryError: Java heap space"))

      let raw = try rig.kubectl(["get", "--raw", "/api/v1/namespaces/default/secrets"])
      #expect(raw.status != 0)
      #expect(raw.stderr.contains("secrets are never readable"), "\(raw.stderr)")

      let canI = try rig.kubectl(["auth", "can-i", "get", "pods"])
      #expect(canI.stderr.contains("POST is refused"), "\(canI.output)")

      let secrets = try rig.kubectl(["get", "secrets"])
      #expect(secrets.status != 0)
      #expect(secrets.stderr.contains("meta-agent gateway:"), "\(secrets.stderr)")
      #expect(secrets.stderr.contains("secrets are never readable"), "\(secrets.stderr)")
      let encoded = Data(FakeKubernetes.plantedSecret.utf8).base64EncodedString()
      #expect(!secrets.output.contains(FakeKubernetes.plantedSecret))
      #expect(!secrets.output.contains(encoded))

      let delete = try rig.kubectl(["delete", "pod", "web-1"])
      #expect(delete.status != 0)
      #expect(
        delete.stderr.contains("DELETE is refused: the gateway is read-only"), "\(delete.stderr)")

      let exec = try rig.kubectl(["exec", "web-1", "--", "sh", "-c", "id"])
      #expect(exec.status != 0)
      #expect(exec.stderr.contains("meta-agent gateway:"), "\(exec.stderr)")

      // Nothing but GETs on allowed paths reached the cluster, each with the proxy's credential.
      let reached = rig.api.requests.filter { !$0.uri.hasPrefix("/version?timeout=5s") }
      #expect(!reached.isEmpty)
      #expect(reached.allSatisfy { $0.method == "GET" })
      #expect(!reached.contains { $0.uri.contains("secrets") || $0.uri.contains("exec") })
      #expect(
        reached.allSatisfy {
          $0.header("Authorization") == "Bearer \(FakeKubernetes.plantedToken)"
        },
        "\(reached.map { "\($0.uri) \($0.header("Authorization") ?? "none")" })")
      let clientFiles = try String(contentsOfFile: rig.clientKubeconfig, encoding: .utf8)
      #expect(!clientFiles.contains(FakeKubernetes.plantedToken))

      // Every request is audited, in memory and in the hash-chained log.
      await rig.gateway.stop()
      let records = rig.gateway.audit.records
      #expect(
        records.contains {
          $0.decision == .forwarded && $0.path == "/api/v1/namespaces/default/pods"
            && $0.status == 200 && $0.bytes > 0
        })
      #expect(records.contains { $0.rule == .secrets && $0.status == 403 })
      #expect(records.contains { $0.method == "DELETE" && $0.rule == .method })
      #expect(records.contains { $0.path.hasSuffix("/pods/web-1/exec") && $0.decision == .refused })
      let entries = try rig.auditLog.entries(AuditQuery(kind: .gatewayRequest))
      #expect(entries.count == records.count)
      #expect(entries.allSatisfy { $0.actor == "test-tool" })
      #expect(entries.contains { $0.detailFields["rule"] == "secrets" })
      #expect(try rig.auditLog.verify().isIntact)
      #expect(rig.gateway.audit.writeFailures.isEmpty)
    }
  }

  @Test("a kubectl proxy that dies turns into a quick 502 that says so")
  func proxyDeath() async throws {
    try await withRig { rig in
      kill(rig.gateway.proxy.pid, SIGKILL)
      for _ in 0..<100 where rig.gateway.proxy.isRunning {
        try await Task.sleep(for: .milliseconds(20))
      }
      let response = try RawHTTP.send(
        RawHTTP.get("/api/v1/namespaces/default/pods"), tcpPort: rig.gateway.server.port)
      #expect(response.status == 502)
      #expect(response.body.contains("kubectl proxy was killed by signal 9"), "\(response.body)")
      #expect(response.seconds < 2)
      let result = try rig.kubectl(["get", "pods"])
      #expect(result.status != 0)
      #expect(result.stderr.contains("kubectl proxy was killed"), "\(result.stderr)")
    }
  }
}

/// Runs `body` with a started rig and always stops it.
func withRig(_ body: (GatewayRig) async throws -> Void) async throws {
  let rig = try await GatewayRig()
  do {
    try await body(rig)
  } catch {
    await rig.stop()
    throw error
  }
  await rig.stop()
}
