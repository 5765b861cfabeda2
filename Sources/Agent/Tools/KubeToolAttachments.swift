import Governance
import Kube
import Sandbox
import Toolsmith

/// Attaches the Kubernetes gateway to every tool whose profile asks for it
/// (`network: kube-gateway`, as `kubectl-mcp-tool` does): one `KubectlToolServer`
/// per tool server, so each has its own `kubectl proxy` with the user's
/// credentials, its own read-only gateway and the credential-free kubeconfig bind.
/// Every gateway request is audited into the workspace's log.
public struct KubeToolAttachments: ToolServerAttachments {
  /// The user's kubeconfig and context, as `kubectl proxy` will use them.
  public let proxy: KubectlProxy.Configuration
  /// The namespace kubectl inside uses when a call names none.
  public let namespace: String?
  public let policy: GatewayPolicy
  public let auditLog: AuditLog?

  public init(
    proxy: KubectlProxy.Configuration, namespace: String? = nil,
    policy: GatewayPolicy = GatewayPolicy(), auditLog: AuditLog? = nil
  ) {
    self.proxy = proxy
    self.namespace = namespace
    self.policy = policy
    self.auditLog = auditLog
  }

  /// The actor gateway requests are audited under: the tool that made them.
  public static func actor(forTool name: String) -> String { "\(name)-tool" }

  public func attachment(for tool: InstalledTool, profile: SandboxProfile) throws(AttachmentError)
    -> ToolServerAttachment?
  {
    guard profile.network == .kubeGateway else { return nil }
    let server: KubectlToolServer
    do {
      server = try KubectlToolServer(
        proxy: proxy, profile: profile, namespace: namespace, policy: policy,
        auditLog: auditLog, actor: Self.actor(forTool: tool.manifest.name))
    } catch {
      throw AttachmentError(error.description)
    }
    return ToolServerAttachment(
      extraReadOnly: server.extraReadOnly, gateway: server.gateway, stop: { await server.stop() })
  }
}
