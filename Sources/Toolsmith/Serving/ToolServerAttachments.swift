import Sandbox

/// What a tool server needs from the host beyond its own code: more read-only
/// binds (a generated kubeconfig) and the host side of a `network: kube-gateway`
/// port, plus how to release them when the server is retired.
public struct ToolServerAttachment: Sendable {
  public var extraReadOnly: [SandboxProfile.Bind]
  public var gateway: GatewayPort?
  /// Releases what was attached (stops a gateway and `kubectl proxy`); called once,
  /// after the tool server itself has stopped.
  public var stop: @Sendable () async -> Void

  public init(
    extraReadOnly: [SandboxProfile.Bind] = [], gateway: GatewayPort? = nil,
    stop: @escaping @Sendable () async -> Void = {}
  ) {
    self.extraReadOnly = extraReadOnly
    self.gateway = gateway
    self.stop = stop
  }
}

/// Why the host could not attach what a tool's profile needs; the tool is not served.
public struct AttachmentError: Error, Sendable, Equatable, CustomStringConvertible {
  public var reason: String

  public init(_ reason: String) { self.reason = reason }

  public var description: String { reason }
}

/// The injection point for what Toolsmith cannot build itself: Toolsmith does not
/// depend on Kube, so the caller (the Agent module) supplies the kube gateway.
public protocol ToolServerAttachments: Sendable {
  /// What the server of `tool`, running under `profile`, needs; nil for nothing.
  /// Called once per server (again after a redeploy), each result stopped on retire.
  func attachment(for tool: InstalledTool, profile: SandboxProfile) throws(AttachmentError)
    -> ToolServerAttachment?
}

/// Attaches nothing: enough for tools whose profile reaches no cluster. A tool
/// whose profile asks for `network: kube-gateway` is then refused at start by the
/// launcher, with its reason shown.
public struct NoAttachments: ToolServerAttachments {
  public init() {}

  public func attachment(for tool: InstalledTool, profile: SandboxProfile) throws(AttachmentError)
    -> ToolServerAttachment?
  { nil }
}
