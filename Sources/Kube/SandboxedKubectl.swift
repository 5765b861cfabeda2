import Foundation
import Governance
import Sandbox

/// Runs read-only kubectl commands with every layer in place: the verb policy
/// refuses anything that is not a read before it runs; the command runs in the
/// `kubectl-readonly` sandbox, whose only way out is one port on its own
/// loopback; that port is served from the host by the read-only gateway, in
/// front of a `kubectl proxy` that holds the user's own credentials.
public final class SandboxedKubectl: Sendable {
  /// The port kubectl inside the sandbox talks to, on the sandbox's own loopback.
  public static let gatewayPort: UInt16 = 8001
  /// Where the generated, credential-free kubeconfig appears inside.
  public static let kubeconfigInside = "/run/kube/config"

  public let proxy: KubectlProxy
  public let audit: GatewayAudit
  public let profile: SandboxProfile
  private let gateway: GatewayConfiguration
  private let kubeconfigDirectory: String

  public enum Failure: Error, Sendable, CustomStringConvertible {
    case refused(PolicyRefusal)
    case sandbox(SandboxError)
    case gateway(String)

    public var description: String {
      switch self {
      case .refused(let refusal): return refusal.description
      case .sandbox(let error): return error.description
      case .gateway(let reason): return "the read-only gateway could not start: \(reason)"
      }
    }
  }

  /// Starts the user's `kubectl proxy` (host inheritance) once for many runs.
  /// - Parameters:
  ///   - namespace: the namespace kubectl inside uses by default (the user's context's).
  public init(
    proxy configuration: KubectlProxy.Configuration = KubectlProxy.Configuration(),
    profile: SandboxProfile, namespace: String? = nil, policy: GatewayPolicy = GatewayPolicy(),
    auditLog: AuditLog? = nil, actor: String = "kubectl"
  ) throws(Failure) {
    do {
      proxy = try KubectlProxy.start(configuration)
    } catch {
      throw .gateway(error.description)
    }
    audit = GatewayAudit(log: auditLog, actor: actor)
    let proxy = proxy
    gateway = GatewayConfiguration(
      upstream: .unixSocket(proxy.socketPath), policy: policy, audit: audit,
      upstreamDown: { proxy.downReason() })
    self.profile = profile
    do {
      kubeconfigDirectory = try SandboxedKubectl.writeKubeconfig(namespace: namespace)
    } catch {
      proxy.stop()
      throw .gateway("could not write the sandbox's kubeconfig: \(error)")
    }
  }

  /// The kubeconfig kubectl sees inside: the gateway port, and no user at all.
  public static func kubeconfig(namespace: String?) -> String {
    let namespaceLine = namespace.map { "\n    namespace: \($0)" } ?? ""
    return """
      apiVersion: v1
      kind: Config
      clusters:
      - name: gateway
        cluster:
          server: http://127.0.0.1:\(gatewayPort)
      contexts:
      - name: gateway
        context:
          cluster: gateway\(namespaceLine)
      current-context: gateway
      users: []

      """
  }

  private static func writeKubeconfig(namespace: String?) throws -> String {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-kubeconfig-\(UUID().uuidString.prefix(8))")
    // Readable by the sandbox's unprivileged user: it holds no secret.
    try FileManager.default.createDirectory(
      at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    let file = directory.appendingPathComponent("config")
    try kubeconfig(namespace: namespace).write(to: file, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
    return directory.path
  }

  /// Checks `argv` against the verb policy, then runs it in the sandbox.
  /// The sandbox is built and supervised on a thread of its own, so the
  /// caller's cooperative thread is never blocked.
  public func run(_ argv: [String], wallTimeSeconds: Double? = nil) async throws(Failure)
    -> SandboxResult
  {
    let command: KubectlCommand
    switch KubectlVerbPolicy.check(argv: argv) {
    case .success(let checked): command = checked
    case .failure(let refusal): throw .refused(refusal)
    }
    let servers = ServerRegistry()
    let gateway = self.gateway
    let request = SandboxRequest(
      argv: ["/usr/bin/kubectl"] + command.argv, profile: profile,
      extraReadOnly: [
        .init(kubeconfigDirectory + "/config", at: SandboxedKubectl.kubeconfigInside)
      ],
      wallTimeSeconds: wallTimeSeconds,
      gateway: GatewayPort(port: SandboxedKubectl.gatewayPort) { fd in
        servers.serve(fd, configuration: gateway)
      })
    let result = await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        continuation.resume(
          returning: Result { () throws(SandboxError) in try SandboxLauncher.run(request) })
      }
    }
    await servers.stopAll()
    switch result {
    case .success(let result): return result
    case .failure(let error): throw .sandbox(error)
    }
  }

  /// Stops `kubectl proxy` and removes the generated kubeconfig.
  public func stop() {
    proxy.stop()
    audit.flush()
    try? FileManager.default.removeItem(atPath: kubeconfigDirectory)
  }
}

/// The gateway servers of the sandboxes in flight, one per sandbox.
private final class ServerRegistry: @unchecked Sendable {
  private let lock = NSLock()
  private var servers: [GatewayServer] = []

  /// Starts serving the listening socket the sandbox handed over. The socket
  /// already listens, so kubectl's first connection waits in its backlog until
  /// the server accepts; this returns once it does.
  func serve(_ fd: Int32, configuration: GatewayConfiguration) {
    let started = DispatchSemaphore(value: 0)
    Task {
      do {
        let server = try await GatewayServer.start(.boundSocket(fd), configuration: configuration)
        lock.withLock { servers.append(server) }
      } catch {
        // Nobody will answer: reset waiting connections so kubectl fails at once.
        shutdown(fd, Int32(SHUT_RDWR))
      }
      started.signal()
    }
    started.wait()
  }

  func stopAll() async {
    let running = lock.withLock { servers }
    for server in running { await server.stop() }
  }
}
