import Foundation
import Governance
import Sandbox

/// The host side of the deployed kubectl MCP tool (`kubectl_tools.py`): what
/// its sandbox needs beyond the tool's own code. The server runs under
/// `kubectl-mcp-tool`; the kubectl it starts reads a credential-free kubeconfig
/// and reaches the cluster only through the sandbox's gateway port, served here
/// by the read-only gateway in front of the user's `kubectl proxy`.
///
/// Kube does not depend on the MCP host, so this hands over the pieces of a
/// `ToolServerSpec` (argv, profile, binds, gateway) and the caller joins them.
public final class KubectlToolServer: Sendable {
  /// The shipped profile the server runs under.
  public static let profileName = "kubectl-mcp-tool"
  /// The file the toolsmith renders for the kubectl catalog entry.
  public static let fileName = "kubectl_tools.py"

  public let profile: SandboxProfile
  /// Where the tool directory appears inside; `argv` names the file there.
  public let mountPoint: String
  private let host: KubeGatewayHost
  private let servers = GatewayServerRegistry()

  public var proxy: KubectlProxy { host.proxy }
  /// Every request the tool's kubectl sent, as the gateway decided it.
  public var audit: GatewayAudit { host.audit }

  /// Starts the user's `kubectl proxy` for the life of the tool server.
  /// - Parameters:
  ///   - namespace: the namespace kubectl inside uses when a call names none.
  public init(
    proxy configuration: KubectlProxy.Configuration = KubectlProxy.Configuration(),
    profile: SandboxProfile, namespace: String? = nil, mountPoint: String = "/tool",
    policy: GatewayPolicy = GatewayPolicy(), auditLog: AuditLog? = nil,
    actor: String = "kubectl-tool"
  ) throws(SandboxedKubectl.Failure) {
    host = try KubeGatewayHost(
      proxy: configuration, namespace: namespace, policy: policy, auditLog: auditLog, actor: actor)
    self.profile = profile
    self.mountPoint = mountPoint
  }

  /// The server's command: isolated, without site-packages, as the validator ran it.
  public var argv: [String] {
    ["/usr/bin/python3", "-I", "-S", mountPoint + "/" + Self.fileName]
  }

  /// Binds besides the tool directory: the generated kubeconfig.
  public var extraReadOnly: [SandboxProfile.Bind] { [host.kubeconfigBind] }

  /// The sandbox's port 8001. A restarted server hands over a new socket,
  /// served by a new gateway server; all of them stop with `stop()`.
  public var gateway: GatewayPort { host.gatewayPort(servers: servers) }

  /// Stops the gateway servers and `kubectl proxy`; stop the tool server first.
  public func stop() async {
    await servers.stopAll()
    host.stop()
  }
}
