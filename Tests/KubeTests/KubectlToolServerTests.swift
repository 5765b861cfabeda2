import Foundation
import MCP
import MCPHost
import Sandbox
import Testing
import Toolsmith

@testable import Kube

/// The deployed kubectl tool end to end, everything real: the toolsmith's
/// rendered `kubectl_tools.py`, started by the MCP host under
/// `kubectl-mcp-tool`, its kubectl reaching the replay cluster only through the
/// sandbox's gateway port, the read-only gateway and the user's `kubectl proxy`.
@Suite("The kubectl MCP tool reads the cluster through its sandbox's gateway")
struct KubectlToolServerTests {
  static let payment = [
    "payment-service-7d9f8b6c5-m8qzt", "payment-service-7d9f8b6c5-r5wnj",
    "payment-service-7d9f8b6c5-x2k4p",
  ]

  /// A directory the sandbox's unprivileged user can read, holding the rendered tool.
  static func renderTool() throws -> String {
    let directory = NSTemporaryDirectory() + "kubectl-tool-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o755])
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
    let rendered = try ToolRenderer.render(KubectlCapability.entry)
    let file = directory + "/" + KubectlToolServer.fileName
    #expect(rendered.fileName == KubectlToolServer.fileName)
    try Data(rendered.code.utf8).write(to: URL(fileURLWithPath: file))
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
    return directory
  }

  /// The tool's JSON answer, parsed.
  static func payload(_ result: ToolCallResult) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.text.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(result.text)")
  }

  @Test("get_pods and get_logs answer from the cluster; the gateway saw only GETs")
  func podsAndLogs() async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    let directory = try Self.renderTool()
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = replay.home.path
    let tool = try KubectlToolServer(
      proxy: KubectlProxy.Configuration(
        kubeconfig: replay.kubeconfig.path, environment: environment),
      profile: ProfileSource.resolve(KubectlToolServer.profileName, workspace: nil).profile,
      namespace: "production")
    let spec = ToolServerSpec(
      argv: tool.argv, profile: tool.profile, toolDirectory: directory,
      mountPoint: tool.mountPoint, extraReadOnly: tool.extraReadOnly, gateway: tool.gateway)
    do {
      let connection = try await ToolServerConnection.start(
        spec, limits: ToolServerLimits(startSeconds: 20, callSeconds: 60))
      #expect(connection.tools.map(\.name).contains("kubectl_get_pods"))

      let pods = try Self.payload(
        await connection.callTool("kubectl_get_pods", arguments: ["namespace": "production"]))
      #expect(pods["status"] as? String == "success", "\(pods)")
      let names = (pods["pods"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
      #expect(names.sorted() == Self.payment, "\(pods)")

      let logs = try Self.payload(
        await connection.callTool(
          "kubectl_get_logs",
          arguments: ["pod": .string(Self.payment[0]), "namespace": "production", "previous": true])
      )
      #expect(logs["status"] as? String == "success", "\(logs)")
      #expect((logs["logs"] as? String ?? "").contains("java.lang.OutOfMemoryError"), "\(logs)")
      connection.stop()

      let records = tool.audit.records
      #expect(records.contains { $0.path == "/api/v1/namespaces/production/pods" }, "\(records)")
      #expect(!records.isEmpty && records.allSatisfy { $0.method == "GET" }, "\(records)")
    } catch {
      Issue.record("\(error)")
    }
    await tool.stop()
    await replay.stop()
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// A started tool server reading the replay of `scenario`, with its gateway.
  struct Running {
    let replay: ReplayHarness
    let tool: KubectlToolServer
    let connection: ToolServerConnection
    let directory: String

    static func start(
      _ scenario: String = "reference-oom-crashloop", policy: GatewayPolicy = GatewayPolicy()
    ) async throws -> Running {
      let replay = try await ReplayHarness.start(scenario: scenario)
      let directory = try KubectlToolServerTests.renderTool()
      var environment = ProcessInfo.processInfo.environment
      environment["HOME"] = replay.home.path
      let tool = try KubectlToolServer(
        proxy: KubectlProxy.Configuration(
          kubeconfig: replay.kubeconfig.path, environment: environment),
        profile: ProfileSource.resolve(KubectlToolServer.profileName, workspace: nil).profile,
        namespace: "production", policy: policy)
      let spec = ToolServerSpec(
        argv: tool.argv, profile: tool.profile, toolDirectory: directory,
        mountPoint: tool.mountPoint, extraReadOnly: tool.extraReadOnly, gateway: tool.gateway)
      do {
        let connection = try await ToolServerConnection.start(
          spec, limits: ToolServerLimits(startSeconds: 20, callSeconds: 60))
        return Running(replay: replay, tool: tool, connection: connection, directory: directory)
      } catch {
        await tool.stop()
        await replay.stop()
        try? FileManager.default.removeItem(atPath: directory)
        throw error
      }
    }

    func call(_ function: String, _ arguments: [String: Value]) async throws -> [String: Any] {
      try KubectlToolServerTests.payload(await connection.callTool(function, arguments: arguments))
    }

    func stop() async {
      connection.stop()
      await tool.stop()
      await replay.stop()
      try? FileManager.default.removeItem(atPath: directory)
    }
  }

  static func items(_ payload: [String: Any]) -> [[String: Any]] {
    payload["items"] as? [[String: Any]] ?? []
  }

  @Test("get_events returns the raw events (involvedObject, source, timestamps) under items")
  func eventsCarryRawItems() async throws {
    let running = try await Running.start()
    do {
      let events = try await running.call("kubectl_get_events", ["namespace": "production"])
      #expect(events["status"] as? String == "success", "\(events)")
      let items = Self.items(events)
      #expect(!items.isEmpty && items.count == (events["count"] as? Int), "\(events)")
      let involved = items.compactMap { $0["involvedObject"] as? [String: Any] }
      #expect(involved.count == items.count)
      #expect(involved.contains { $0["kind"] as? String == "Pod" })
      #expect(involved.allSatisfy { $0["namespace"] as? String == "production" })
      #expect(items.contains { $0["lastTimestamp"] != nil || $0["eventTime"] != nil })
    } catch {
      Issue.record("\(error)")
    }
    await running.stop()
  }

  @Test("get_resources reads workloads, services and cluster-scoped nodes as raw objects")
  func resourcesByKind() async throws {
    let running = try await Running.start()
    do {
      let deployments = try await running.call(
        "kubectl_get_resources", ["kind": "deployments", "namespace": "production"])
      #expect(deployments["status"] as? String == "success", "\(deployments)")
      let names = Self.items(deployments).compactMap {
        ($0["metadata"] as? [String: Any])?["name"] as? String
      }
      #expect(names == ["payment-service"], "\(deployments)")
      #expect(Self.items(deployments).first?["spec"] != nil, "raw objects keep their spec")

      let replicaSets = try await running.call(
        "kubectl_get_resources", ["kind": "replicasets", "all_namespaces": true])
      #expect(Self.items(replicaSets).count == 1, "\(replicaSets)")
      let nodes = try await running.call("kubectl_get_resources", ["kind": "nodes"])
      #expect(nodes["status"] as? String == "success", "\(nodes)")
      #expect(!Self.items(nodes).isEmpty, "\(nodes)")

      // ConfigMaps are on the tool's list, but the gateway serves them only when its policy opts in.
      let configMaps = try await running.call(
        "kubectl_get_resources", ["kind": "configmaps", "namespace": "production"])
      #expect(configMaps["status"] as? String == "error", "\(configMaps)")
      #expect("\(configMaps["message"] ?? "")".contains("meta-agent gateway"), "\(configMaps)")

      let secrets = try await running.connection.callTool(
        "kubectl_get_resources", arguments: ["kind": "secrets", "namespace": "production"])
      Issue.record("a secrets read was answered: \(secrets.text)")
    } catch let error as ToolServerError {
      guard case .serverRejected(let code, _) = error, code == -32602 else {
        Issue.record("\(error)")
        await running.stop()
        return
      }
    } catch {
      Issue.record("\(error)")
    }
    let records = running.tool.audit.records
    #expect(!records.contains { $0.path.contains("secrets") }, "\(records)")
    #expect(records.contains { $0.path == "/apis/apps/v1/namespaces/production/deployments" })
    #expect(records.contains { $0.path == "/api/v1/nodes" }, "\(records)")
    #expect(
      records.contains { $0.path.hasSuffix("/configmaps") && $0.decision == .refused },
      "\(records)")
    await running.stop()
  }

  @Test("with ConfigMaps opted in, get_resources reads them too")
  func configMapsOptIn() async throws {
    let running = try await Running.start(policy: GatewayPolicy(allowsConfigMaps: true))
    do {
      let configMaps = try await running.call(
        "kubectl_get_resources", ["kind": "configmaps", "namespace": "production"])
      #expect(configMaps["status"] as? String == "success", "\(configMaps)")
      let names = Self.items(configMaps).compactMap {
        ($0["metadata"] as? [String: Any])?["name"] as? String
      }
      #expect(names == ["payment-service-config"], "\(configMaps)")
    } catch {
      Issue.record("\(error)")
    }
    await running.stop()
  }

  /// Where kubectl sends `get KIND` (namespaced in production, or cluster-wide).
  static let kindPaths: [String: String] = [
    "deployments": "/apis/apps/v1/namespaces/production/deployments",
    "replicasets": "/apis/apps/v1/namespaces/production/replicasets",
    "statefulsets": "/apis/apps/v1/namespaces/production/statefulsets",
    "daemonsets": "/apis/apps/v1/namespaces/production/daemonsets",
    "jobs": "/apis/batch/v1/namespaces/production/jobs",
    "nodes": "/api/v1/nodes",
    "persistentvolumeclaims": "/api/v1/namespaces/production/persistentvolumeclaims",
    "storageclasses": "/apis/storage.k8s.io/v1/storageclasses",
    "services": "/api/v1/namespaces/production/services",
    "configmaps": "/api/v1/namespaces/production/configmaps",
    "namespaces": "/api/v1/namespaces",
  ]

  @Test("the gateway and the verb policy allow exactly the tool's kinds and refuse secrets")
  func policiesAgree() throws {
    #expect(Set(Self.kindPaths.keys) == Set(KubectlCapability.resourceKinds))
    let policy = GatewayPolicy()
    for (kind, path) in Self.kindPaths {
      for target in [path, path + "?limit=500"] {
        let decision = policy.decide(GatewayRequest(method: "GET", target: target))
        if kind == "configmaps" {
          #expect(decision.refusal?.rule == .configMaps, "\(kind): \(decision)")
          #expect(
            GatewayPolicy(allowsConfigMaps: true).decide(
              GatewayRequest(method: "GET", target: target)
            ).refusal == nil)
        } else {
          #expect(decision.refusal == nil, "\(kind): \(decision)")
        }
      }
      let argv = ["get", kind, "--namespace", "production", "--output", "json"]
      if case .failure(let refusal) = KubectlVerbPolicy.check(argv: argv) {
        Issue.record("\(kind): \(refusal)")
      }
    }
  }

  @Test(
    "a secrets read the tool would refuse is refused by the gateway and the verb policy too",
    arguments: ["secrets", "secret", "Secret", "SECRETS", "secrets.v1."])
  func secretsRefusedEverywhere(kind: String) throws {
    // The tool's schema refuses these before kubectl runs (ToolsmithTests); here, the layers behind.
    let pattern = try Regex(
      try #require(
        KubectlCapability.entry.functions.first { $0.name == KubectlCapability.getResources }?
          .inputSchema.properties["kind"]?.pattern))
    #expect(kind.wholeMatch(of: pattern) == nil)
    guard case .failure = KubectlVerbPolicy.check(argv: ["get", kind, "--output", "json"]) else {
      Issue.record("the verb policy let kubectl get \(kind) through")
      return
    }
    let policy = GatewayPolicy(allowsConfigMaps: true)
    for target in [
      "/api/v1/namespaces/production/secrets", "/api/v1/secrets",
      "/api/v1/namespaces/production/secrets/db-password", "/api/v1/secrets?watch=true",
      "/api/v1/namespaces/production/pods/../secrets", "/api/v1/namespaces/production/SECRETS",
    ] {
      let decision = policy.decide(GatewayRequest(method: "GET", target: target))
      #expect(decision.refusal != nil, "\(target) was forwarded")
    }
  }

  @Test("the tool's environment inside holds no credentials")
  func noCredentialsInside() throws {
    let profile = try ProfileSource.resolve(KubectlToolServer.profileName, workspace: nil).profile
    #expect(profile.network == .kubeGateway)
    #expect(profile.environment.pass.isEmpty, "nothing passes from the host's environment")
    #expect(profile.environment.set["KUBECONFIG"] == SandboxedKubectl.kubeconfigInside)
    let kubeconfig = SandboxedKubectl.kubeconfig(namespace: "production")
    #expect(kubeconfig.contains("users: []"))
    for secret in ["token", "client-key", "client-certificate", "password", "exec:"] {
      #expect(!kubeconfig.contains(secret))
    }
  }
}

extension GatewayDecision {
  /// The refusal, or nil when the request is forwarded.
  fileprivate var refusal: GatewayRefusal? {
    if case .refuse(let refusal) = self { return refusal }
    return nil
  }
}
