import NIOCore

/// Where allowed requests go: normally the unix socket of `kubectl proxy`.
public enum GatewayUpstream: Sendable, Equatable, CustomStringConvertible {
  case unixSocket(String)
  /// A plain HTTP server, e.g. the replay cluster in tests and benchmarks.
  case tcp(host: String, port: Int)

  public var description: String {
    switch self {
    case .unixSocket(let path): return "unix:\(path)"
    case .tcp(let host, let port): return "\(host):\(port)"
    }
  }
}

/// The caps that keep one request from holding the gateway: a cut answer
/// says so (a Status, a watch ERROR event or a note in a log).
public struct GatewayLimits: Sendable, Equatable {
  /// How long connecting to the upstream may take.
  public var connect: TimeAmount
  /// How long the cluster may take to start answering.
  public var responseHead: TimeAmount
  /// The whole of an ordinary read, body included.
  public var read: TimeAmount
  /// The whole of a watch or a followed log.
  public var stream: TimeAmount
  /// Response body bytes passed per request (as sent, so compressed if the caller asked).
  public var responseBytes: Int

  public init(
    connect: TimeAmount = .seconds(5), responseHead: TimeAmount = .seconds(30),
    read: TimeAmount = .seconds(120), stream: TimeAmount = .minutes(10),
    responseBytes: Int = 64 << 20
  ) {
    self.connect = connect
    self.responseHead = responseHead
    self.read = read
    self.stream = stream
    self.responseBytes = responseBytes
  }
}

/// Everything a gateway server needs besides the socket it listens on.
public struct GatewayConfiguration: Sendable {
  public var upstream: GatewayUpstream
  public var policy: GatewayPolicy
  public var limits: GatewayLimits
  public var audit: GatewayAudit
  /// Says why the upstream is down when that is known (e.g. `kubectl proxy`
  /// exited), so a 502 names the cause; nil while it is believed up.
  public var upstreamDown: @Sendable () -> String?

  public init(
    upstream: GatewayUpstream, policy: GatewayPolicy = GatewayPolicy(),
    limits: GatewayLimits = GatewayLimits(), audit: GatewayAudit = GatewayAudit(),
    upstreamDown: @escaping @Sendable () -> String? = { nil }
  ) {
    self.upstream = upstream
    self.policy = policy
    self.limits = limits
    self.audit = audit
    self.upstreamDown = upstreamDown
  }
}
