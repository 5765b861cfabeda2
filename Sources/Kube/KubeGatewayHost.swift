import Foundation
import Governance
import Sandbox

/// The host side of a `network: kube-gateway` sandbox: the user's
/// `kubectl proxy` (holding their credentials), the read-only gateway in front
/// of it, and the credential-free kubeconfig the sandbox reads. Shared by every
/// sandbox that reaches the cluster, so each serves its port the same way.
final class KubeGatewayHost: Sendable {
  let proxy: KubectlProxy
  let audit: GatewayAudit
  let configuration: GatewayConfiguration
  private let kubeconfigDirectory: String

  /// Starts the user's `kubectl proxy` and writes the kubeconfig for inside.
  init(
    proxy proxyConfiguration: KubectlProxy.Configuration, namespace: String?,
    policy: GatewayPolicy, auditLog: AuditLog?, actor: String
  ) throws(SandboxedKubectl.Failure) {
    let proxy: KubectlProxy
    do {
      proxy = try KubectlProxy.start(proxyConfiguration)
    } catch {
      throw .gateway(error.description)
    }
    self.proxy = proxy
    audit = GatewayAudit(log: auditLog, actor: actor)
    configuration = GatewayConfiguration(
      upstream: .unixSocket(proxy.socketPath), policy: policy, audit: audit,
      upstreamDown: { proxy.downReason() })
    do {
      kubeconfigDirectory = try Self.writeKubeconfig(namespace: namespace)
    } catch {
      proxy.stop()
      throw .gateway("could not write the sandbox's kubeconfig: \(error)")
    }
  }

  /// Binds the generated kubeconfig where the profile's KUBECONFIG points.
  var kubeconfigBind: SandboxProfile.Bind {
    .init(kubeconfigDirectory + "/config", at: SandboxedKubectl.kubeconfigInside)
  }

  /// The port the launcher opens inside; each socket it hands over is served
  /// by a gateway server kept in `servers`, so the caller can stop them.
  func gatewayPort(servers: GatewayServerRegistry) -> GatewayPort {
    let configuration = self.configuration
    return GatewayPort(port: SandboxedKubectl.gatewayPort) { fd in
      servers.serve(fd, configuration: configuration)
    }
  }

  /// Stops `kubectl proxy` and removes the generated kubeconfig.
  func stop() {
    proxy.stop()
    audit.flush()
    try? FileManager.default.removeItem(atPath: kubeconfigDirectory)
  }

  private static func writeKubeconfig(namespace: String?) throws -> String {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-kubeconfig-\(UUID().uuidString.prefix(8))")
    // Readable by the sandbox's unprivileged user: it holds no secret.
    try FileManager.default.createDirectory(
      at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    let file = directory.appendingPathComponent("config")
    try SandboxedKubectl.kubeconfig(namespace: namespace).write(
      to: file, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
    return directory.path
  }
}

/// The gateway servers of the sandboxes in flight, one per handed-over socket.
final class GatewayServerRegistry: @unchecked Sendable {
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
    let running = lock.withLock {
      defer { servers = [] }
      return servers
    }
    for server in running { await server.stop() }
  }
}
