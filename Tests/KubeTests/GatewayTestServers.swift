import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request a test server received.
struct SeenRequest: Sendable {
  let method: String
  let uri: String
  let headers: [(name: String, value: String)]

  func header(_ name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }
}

/// How a test server answers one request.
enum FakeAnswer: Sendable {
  case json(Int, String)
  /// Body parts written one by one, `every` apart, then the end (or never, if `ends` is false).
  case chunks([String], every: TimeAmount, ends: Bool, contentType: String)
  /// A Content-Length header that claims `declared` bytes.
  case declaredLength(Int)
  /// Never answers.
  case silence
}

/// A minimal HTTP server for the gateway tests: records what it receives and
/// answers with a routing closure. Listens on TCP 127.0.0.1:0 or a unix socket.
final class FakeHTTPServer: @unchecked Sendable {
  private let lock = NSLock()
  private var seen: [SeenRequest] = []
  private var channel: Channel?
  let route: @Sendable (SeenRequest) -> FakeAnswer

  init(route: @escaping @Sendable (SeenRequest) -> FakeAnswer) {
    self.route = route
  }

  var requests: [SeenRequest] { lock.withLock { seen } }
  var port: Int { channel?.localAddress?.port ?? 0 }

  func record(_ request: SeenRequest) { lock.withLock { seen.append(request) } }

  func start(unixSocket path: String? = nil) async throws {
    let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { [self] channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.configureHTTPServerPipeline()
          try channel.pipeline.syncOperations.addHandler(FakeHTTPHandler(server: self))
        }
      }
    if let path {
      channel = try await bootstrap.bind(unixDomainSocketPath: path).get()
    } else {
      channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
    }
  }

  func stop() async {
    try? await channel?.close()
  }
}

private final class FakeHTTPHandler: ChannelInboundHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  private let server: FakeHTTPServer
  private var head: HTTPRequestHead?

  init(server: FakeHTTPServer) {
    self.server = server
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head): self.head = head
    case .body: break
    case .end:
      guard let head else { return }
      let request = SeenRequest(
        method: head.method.rawValue, uri: head.uri,
        headers: head.headers.map { ($0.name, $0.value) })
      server.record(request)
      answer(server.route(request), context: context)
    }
  }

  private func answer(_ answer: FakeAnswer, context: ChannelHandlerContext) {
    switch answer {
    case .json(let code, let body):
      var headers = HTTPHeaders()
      headers.add(name: "Content-Type", value: "application/json")
      headers.add(name: "Content-Length", value: String(body.utf8.count))
      context.write(wrapOutboundOut(.head(head(code, headers))), promise: nil)
      context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
      context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    case .declaredLength(let length):
      var headers = HTTPHeaders()
      headers.add(name: "Content-Type", value: "application/json")
      headers.add(name: "Content-Length", value: String(length))
      context.writeAndFlush(wrapOutboundOut(.head(head(200, headers))), promise: nil)
    case .chunks(let parts, let every, let ends, let contentType):
      var headers = HTTPHeaders()
      headers.add(name: "Content-Type", value: contentType)
      context.writeAndFlush(wrapOutboundOut(.head(head(200, headers))), promise: nil)
      writeChunks(parts[...], every: every, ends: ends, context: context)
    case .silence:
      break
    }
  }

  private func writeChunks(
    _ parts: ArraySlice<String>, every: TimeAmount, ends: Bool, context: ChannelHandlerContext
  ) {
    guard let part = parts.first else {
      if ends { context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil) }
      return
    }
    guard context.channel.isActive else { return }
    context.writeAndFlush(
      wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: part)))), promise: nil)
    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    context.eventLoop.scheduleTask(in: every) {
      let (handler, context) = bound.value
      handler.writeChunks(parts.dropFirst(), every: every, ends: ends, context: context)
    }
  }

  private func head(_ code: Int, _ headers: HTTPHeaders) -> HTTPResponseHead {
    HTTPResponseHead(
      version: .http1_1, status: HTTPResponseStatus(statusCode: code), headers: headers)
  }
}

/// A unix socket server that answers whatever it reads with fixed bytes and
/// closes, or with nothing at all: an upstream that is broken, not slow.
final class RawSocketServer: @unchecked Sendable {
  private var channel: Channel?

  func start(unixSocket path: String, reply: String) async throws {
    channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(RawReplyHandler(reply: reply))
        }
      }
      .bind(unixDomainSocketPath: path).get()
  }

  func stop() async {
    try? await channel?.close()
  }
}

private final class RawReplyHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer
  typealias OutboundOut = ByteBuffer

  private let reply: String
  private var replied = false

  init(reply: String) {
    self.reply = reply
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard !replied else { return }
    replied = true
    let channel = context.channel
    context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: reply))).whenComplete { _ in
      channel.close(promise: nil)
    }
  }
}
