import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves a `ReplayCluster` over HTTP/1.1 on a loopback port, so the real
/// kubectl can read a captured cluster.
public final class ReplayServer: Sendable {
  /// The address it listens on, `127.0.0.1` unless asked otherwise.
  public let host: String
  /// The bound port (the one the kernel picked when started with port 0).
  public let port: Int
  public let cluster: ReplayCluster
  private let channel: any Channel
  private let group: MultiThreadedEventLoopGroup

  private init(
    host: String, cluster: ReplayCluster, channel: any Channel, group: MultiThreadedEventLoopGroup
  ) {
    self.host = host
    self.port = channel.localAddress?.port ?? 0
    self.cluster = cluster
    self.channel = channel
    self.group = group
  }

  /// Loads a capture directory and serves it; port 0 picks a free port.
  public static func start(
    directory: URL, host: String = "127.0.0.1", port: Int = 0
  ) async throws -> ReplayServer {
    let snapshot = try CaptureDirectory.load(directory)
    return try await start(cluster: ReplayCluster(snapshot: snapshot), host: host, port: port)
  }

  /// Serves an already-built cluster; port 0 picks a free port.
  public static func start(
    cluster: ReplayCluster, host: String = "127.0.0.1", port: Int = 0
  ) async throws -> ReplayServer {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    do {
      let channel = try await bootstrap(group: group, cluster: cluster)
        .bind(host: host, port: port).get()
      return ReplayServer(host: host, cluster: cluster, channel: channel, group: group)
    } catch {
      try? await group.shutdownGracefully()
      throw ReplayError.cannotListen(host: host, port: port, reason: Self.describe(error))
    }
  }

  /// The blocking form of `start(cluster:host:port:)`, for synchronous callers such as the CLI.
  public static func startBlocking(
    cluster: ReplayCluster, host: String = "127.0.0.1", port: Int = 0
  ) throws -> ReplayServer {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    do {
      let channel = try bootstrap(group: group, cluster: cluster).bind(host: host, port: port)
        .wait()
      return ReplayServer(host: host, cluster: cluster, channel: channel, group: group)
    } catch {
      try? group.syncShutdownGracefully()
      throw ReplayError.cannotListen(host: host, port: port, reason: Self.describe(error))
    }
  }

  /// `Address already in use` rather than NIO's `bind(descriptor:ptr:bytes:): ...` wrapping.
  private static func describe(_ error: any Error) -> String {
    guard let error = error as? IOError else { return "\(error)" }
    return String(cString: strerror(error.errnoCode))
  }

  private static func bootstrap(group: MultiThreadedEventLoopGroup, cluster: ReplayCluster)
    -> ServerBootstrap
  {
    ServerBootstrap(group: group)
      .serverChannelOption(.backlog, value: 64)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.configureHTTPServerPipeline()
          try channel.pipeline.syncOperations.addHandler(ReplayHTTPHandler(cluster: cluster))
        }
      }
  }

  /// `http://127.0.0.1:PORT`, the server kubectl should use.
  public var url: String { "http://\(host):\(port)" }

  /// A kubeconfig with one cluster, one context and no credentials.
  public func kubeconfig(contextName: String = "replay") -> String {
    ReplayKubeconfig(server: url, contextName: contextName).yaml
  }

  /// Writes the kubeconfig to `file` and returns it.
  @discardableResult
  public func writeKubeconfig(to file: URL, contextName: String = "replay") throws -> URL {
    try Data(kubeconfig(contextName: contextName).utf8).write(to: file, options: .atomic)
    return file
  }

  /// Stops listening and releases the event loop.
  public func shutdown() async {
    try? await channel.close()
    try? await group.shutdownGracefully()
  }

  /// The blocking form of `shutdown()`.
  public func shutdownBlocking() {
    try? channel.close().wait()
    try? group.syncShutdownGracefully()
  }

  /// Stops listening without waiting; safe from a signal handler's queue.
  public func stopListening() {
    channel.close(promise: nil)
  }

  /// Blocks until the listener closes (after `stopListening()` or `shutdown()`).
  public func waitUntilClosed() {
    try? channel.closeFuture.wait()
  }
}

/// Reads one HTTP request at a time and answers it from the cluster.
private final class ReplayHTTPHandler: ChannelInboundHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  private let cluster: ReplayCluster
  private var head: HTTPRequestHead?

  init(cluster: ReplayCluster) { self.cluster = cluster }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let requestHead): head = requestHead
    case .body: break  // Bodies only come with writes, which are refused anyway.
    case .end:
      guard let requestHead = head else { return }
      head = nil
      respond(to: requestHead, context: context)
    }
  }

  private func respond(to requestHead: HTTPRequestHead, context: ChannelHandlerContext) {
    let request = ReplayRequest(
      method: requestHead.method.rawValue, target: requestHead.uri,
      accept: requestHead.headers["Accept"].joined(separator: ","))
    let response = cluster.respond(to: request)
    var headers = HTTPHeaders()
    headers.add(name: "Content-Type", value: response.contentType)
    headers.add(name: "Content-Length", value: String(response.body.count))
    headers.add(name: "Cache-Control", value: "no-cache, private")
    let keepAlive = requestHead.isKeepAlive
    headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
    let status = HTTPResponseStatus(statusCode: response.status)
    context.write(
      wrapOutboundOut(
        .head(HTTPResponseHead(version: requestHead.version, status: status, headers: headers))),
      promise: nil)
    if requestHead.method != .HEAD {
      context.write(
        wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))),
        promise: nil)
    }
    let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
    if !keepAlive {
      let channel = context.channel
      done.whenComplete { _ in channel.close(promise: nil) }
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    context.close(promise: nil)
  }
}
