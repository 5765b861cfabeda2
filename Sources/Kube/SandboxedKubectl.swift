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

  public var proxy: KubectlProxy { host.proxy }
  public var audit: GatewayAudit { host.audit }
  public let profile: SandboxProfile
  private let host: KubeGatewayHost

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
    host = try KubeGatewayHost(
      proxy: configuration, namespace: namespace, policy: policy, auditLog: auditLog, actor: actor)
    self.profile = profile
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
    let servers = GatewayServerRegistry()
    let request = SandboxRequest(
      argv: ["/usr/bin/kubectl"] + command.argv, profile: profile,
      extraReadOnly: [host.kubeconfigBind], wallTimeSeconds: wallTimeSeconds,
      gateway: host.gatewayPort(servers: servers))
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
  public func stop() { host.stop() }
}
