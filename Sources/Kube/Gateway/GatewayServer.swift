import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Where the gateway listens.
public enum GatewayListener: Sendable, Equatable {
  /// A new unix socket at this path (mode 0600); the file must not exist yet.
  case unixSocket(String)
  /// A TCP address; port 0 picks a free port (tests).
  case tcp(host: String, port: Int)
  /// A stream socket someone else created and bound, e.g. inside the
  /// sandbox's network namespace; the server takes ownership and listens on it.
  case boundSocket(Int32)
}

/// Why a gateway server did not start.
public enum GatewayServerError: Error, Sendable, Equatable, CustomStringConvertible {
  case listen(GatewayListener, String)

  public var description: String {
    switch self {
    case .listen(let listener, let why): return "the gateway cannot listen on \(listener): \(why)"
    }
  }
}

/// The NIO HTTP/1.1 server in front of the upstream: one listening socket,
/// every connection filtered by the policy and recorded in the audit.
public final class GatewayServer: Sendable {
  private let listening: Channel
  private let connections: ConnectionRegistry

  /// The address the server listens on; for `.tcp(port: 0)` it holds the port chosen.
  public var localAddress: SocketAddress? { listening.localAddress }
  /// The TCP port, when listening on TCP.
  public var port: Int? { listening.localAddress?.port }

  private init(listening: Channel, connections: ConnectionRegistry) {
    self.listening = listening
    self.connections = connections
  }

  public static func start(
    _ listener: GatewayListener, configuration: GatewayConfiguration,
    group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton
  ) async throws(GatewayServerError) -> GatewayServer {
    let connections = ConnectionRegistry()
    let bootstrap = ServerBootstrap(group: group)
      .serverChannelOption(.backlog, value: 128)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        connections.add(channel)
        return channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
          try channel.pipeline.syncOperations.addHandler(
            GatewayConnectionHandler(configuration: configuration))
        }
      }
    do {
      let channel: Channel
      switch listener {
      case .unixSocket(let path):
        channel = try await bootstrap.bind(unixDomainSocketPath: path).get()
        guard chmod(path, 0o600) == 0 else {
          try? await channel.close()
          throw GatewayServerError.listen(
            listener, "chmod 0600: \(String(cString: strerror(errno)))")
        }
      case .tcp(let host, let port):
        channel = try await bootstrap.bind(host: host, port: port).get()
      case .boundSocket(let descriptor):
        channel = try await bootstrap.withBoundSocket(descriptor).get()
      }
      return GatewayServer(listening: channel, connections: connections)
    } catch let error as GatewayServerError {
      throw error
    } catch {
      throw .listen(listener, "\(error)")
    }
  }

  /// Stops listening and closes every open connection, streams included.
  public func stop() async {
    try? await listening.close()
    for channel in connections.all {
      try? await channel.close()
    }
  }
}

/// The accepted connections, so stopping the server also ends running watches.
private final class ConnectionRegistry: @unchecked Sendable {
  private let lock = NSLock()
  private var open: [ObjectIdentifier: Channel] = [:]

  func add(_ channel: Channel) {
    let key = ObjectIdentifier(channel)
    lock.withLock { open[key] = channel }
    channel.closeFuture.whenComplete { [self] _ in
      _ = lock.withLock { open.removeValue(forKey: key) }
    }
  }

  var all: [Channel] { lock.withLock { Array(open.values) } }
}
