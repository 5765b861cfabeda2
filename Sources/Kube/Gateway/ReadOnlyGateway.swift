import Dispatch
import Governance
import NIOCore

/// The host side of Kubernetes access for a sandboxed tool: the user's own
/// `kubectl proxy` on a private unix socket, behind the read-only gateway
/// server that the sandbox reaches. The tool never sees a credential.
public final class ReadOnlyGateway: Sendable {
  public let proxy: KubectlProxy
  public let server: GatewayServer
  /// Every request, allowed or refused; also appended to the audit log given at start.
  public let audit: GatewayAudit

  private init(proxy: KubectlProxy, server: GatewayServer, audit: GatewayAudit) {
    self.proxy = proxy
    self.server = server
    self.audit = audit
  }

  /// Why a gateway did not start.
  public enum StartError: Error, Sendable, Equatable, CustomStringConvertible {
    case proxy(KubectlProxyError)
    case server(GatewayServerError)

    public var description: String {
      switch self {
      case .proxy(let error): return error.description
      case .server(let error): return error.description
      }
    }
  }

  /// Starts `kubectl proxy` with the user's kubeconfig (or `proxy.kubeconfig`
  /// and `proxy.context`), then the gateway on `listener`.
  /// - Parameters:
  ///   - auditLog: the workspace's audit log; every request becomes a
  ///     `gateway_request` entry by `actor`.
  public static func start(
    proxy configuration: KubectlProxy.Configuration = KubectlProxy.Configuration(),
    listener: GatewayListener, policy: GatewayPolicy = GatewayPolicy(),
    limits: GatewayLimits = GatewayLimits(), auditLog: AuditLog? = nil,
    actor: String = "kube-gateway"
  ) async throws(StartError) -> ReadOnlyGateway {
    let proxy: KubectlProxy
    do {
      proxy = try await offloaded { () throws(KubectlProxyError) in
        try KubectlProxy.start(configuration)
      }.get()
    } catch {
      throw .proxy(error)
    }
    let audit = GatewayAudit(log: auditLog, actor: actor)
    let serverConfiguration = GatewayConfiguration(
      upstream: .unixSocket(proxy.socketPath), policy: policy, limits: limits, audit: audit,
      upstreamDown: { proxy.downReason() })
    do {
      let server = try await GatewayServer.start(listener, configuration: serverConfiguration)
      return ReadOnlyGateway(proxy: proxy, server: server, audit: audit)
    } catch {
      _ = await offloaded { () throws(Never) in proxy.stop() }
      throw .server(error)
    }
  }

  /// Closes the gateway and its connections, stops kubectl, and waits for
  /// the audit log to hold every request.
  public func stop() async {
    await server.stop()
    let proxy = proxy
    let audit = audit
    _ = await offloaded { () throws(Never) in
      proxy.stop()
      audit.flush()
    }
  }
}

/// Runs blocking work (waiting for kubectl, for SQLite) on a Dispatch thread,
/// so the cooperative pool and the event loops never wait for it.
private func offloaded<Value: Sendable, Failure: Error>(
  _ work: @escaping @Sendable () throws(Failure) -> Value
) async -> Result<Value, Failure> {
  await withCheckedContinuation { continuation in
    DispatchQueue.global().async {
      continuation.resume(returning: Result { () throws(Failure) in try work() })
    }
  }
}
