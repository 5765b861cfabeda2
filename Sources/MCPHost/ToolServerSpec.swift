import Sandbox

/// What it takes to start one tool server: its command, its sandbox and the
/// directory holding its code, bound read-only inside.
public struct ToolServerSpec: Sendable {
  public var argv: [String]
  public var profile: SandboxProfile
  /// The host directory holding the server's code.
  public var toolDirectory: String
  /// Where `toolDirectory` appears inside the sandbox.
  public var mountPoint: String
  /// Overrides the profile's wall-clock limit, which bounds a server's whole life.
  public var lifetimeSeconds: Double?
  /// More read-only binds, such as a generated kubeconfig.
  public var extraReadOnly: [SandboxProfile.Bind]
  /// The host side of a `network: kube-gateway` profile's port; the launcher
  /// refuses such a profile without it.
  public var gateway: GatewayPort?

  public init(
    argv: [String], profile: SandboxProfile, toolDirectory: String, mountPoint: String = "/tool",
    lifetimeSeconds: Double? = nil, extraReadOnly: [SandboxProfile.Bind] = [],
    gateway: GatewayPort? = nil
  ) {
    self.argv = argv
    self.profile = profile
    self.toolDirectory = toolDirectory
    self.mountPoint = mountPoint
    self.lifetimeSeconds = lifetimeSeconds
    self.extraReadOnly = extraReadOnly
    self.gateway = gateway
  }

  var sandboxRequest: SandboxRequest {
    SandboxRequest(
      argv: argv, profile: profile,
      extraReadOnly: [SandboxProfile.Bind(toolDirectory, at: mountPoint)] + extraReadOnly,
      wallTimeSeconds: lifetimeSeconds, gateway: gateway)
  }
}

/// How long the host waits for a server and how much it accepts from one.
public struct ToolServerLimits: Sendable, Equatable {
  /// Start, handshake and tools/list together.
  public var startSeconds: Double
  /// One tools/call, from request to answer.
  public var callSeconds: Double
  /// The largest single message accepted on the server's stdout.
  public var maxMessageBytes: Int

  public init(startSeconds: Double = 10, callSeconds: Double = 30, maxMessageBytes: Int = 4 << 20) {
    self.startSeconds = startSeconds
    self.callSeconds = callSeconds
    self.maxMessageBytes = maxMessageBytes
  }
}
