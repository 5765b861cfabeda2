import NIOCore
import NIOHTTP1
import NIOPosix

/// One allowed request on its way to the cluster and back: it streams the
/// answer without buffering it, enforces the limits, and records the outcome.
/// Lives on the event loop of the caller's connection.
final class GatewayExchange {
  /// How an answer that is cut short can still say so to kubectl.
  private enum BodyKind {
    /// A watch: newline-delimited events, so an ERROR event can close it.
    case watchEvents
    /// Logs: plain text, so a closing note line can be appended.
    case text
    /// Anything else: a cut can only be signalled by closing the connection.
    case opaque
  }

  private let read: AllowedRead
  private let requestHead: HTTPRequestHead
  private let configuration: GatewayConfiguration
  private let downstream: ChannelHandlerContext
  private let keepAlive: Bool
  private let started: NIODeadline
  /// Called once, with whether the caller's connection may serve another request.
  private let onFinish: (_ keepConnection: Bool) -> Void

  private var upstream: Channel?
  /// Waits for the cluster's first answer; cancelled when the head arrives.
  private var headTimer: Scheduled<Void>?
  /// Bounds the whole exchange.
  private var totalTimer: Scheduled<Void>?
  private var sentHead = false
  private var status = 0
  private var declaredLength = false
  private var bodyKind = BodyKind.opaque
  private var bytes = 0
  private var finished = false

  init(
    read: AllowedRead, requestHead: HTTPRequestHead, configuration: GatewayConfiguration,
    downstream: ChannelHandlerContext, started: NIODeadline,
    onFinish: @escaping (_ keepConnection: Bool) -> Void
  ) {
    self.read = read
    self.requestHead = requestHead
    self.configuration = configuration
    self.downstream = downstream
    self.keepAlive = requestHead.isKeepAlive
    self.started = started
    self.onFinish = onFinish
  }

  func begin() {
    let loop = downstream.eventLoop
    let limits = configuration.limits
    let bound = NIOLoopBound(self, eventLoop: loop)
    headTimer = loop.scheduleTask(in: limits.responseHead) {
      bound.value.fail(
        504,
        "the cluster did not start answering within \(Self.seconds(limits.responseHead)) s",
        note: "response_head_timeout")
    }
    let total = read.isStream ? limits.stream : limits.read
    totalTimer = loop.scheduleTask(in: total) {
      bound.value.fail(
        504, "the answer took longer than the gateway's \(Self.seconds(total)) s limit",
        note: "time_limit")
    }

    let request = HTTPRequestHead(
      version: .http1_1, method: .GET, uri: read.target,
      headers: GatewayHeaders.upstreamRequest(requestHead.headers))
    let bootstrap = ClientBootstrap(group: loop)
      .connectTimeout(limits.connect)
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHTTPClientHandlers()
          try channel.pipeline.syncOperations.addHandler(
            UpstreamHandler(exchange: bound.value, request: request))
        }
      }
    let connecting: EventLoopFuture<Channel>
    switch configuration.upstream {
    case .unixSocket(let path): connecting = bootstrap.connect(unixDomainSocketPath: path)
    case .tcp(let host, let port): connecting = bootstrap.connect(host: host, port: port)
    }
    connecting.hop(to: loop).whenComplete { result in
      let exchange = bound.value
      switch result {
      case .success(let channel):
        if exchange.finished {
          channel.close(promise: nil)
        } else {
          exchange.upstream = channel
        }
      case .failure(let error):
        let why =
          exchange.configuration.upstreamDown()
          ?? "cannot reach the Kubernetes API proxy at \(exchange.configuration.upstream): \(error)"
        exchange.fail(502, why, note: "upstream_unreachable")
      }
    }
  }

  // MARK: the cluster's answer

  func upstreamHead(_ head: HTTPResponseHead) {
    guard !finished else { return }
    headTimer?.cancel()
    let length = head.headers.first(name: "content-length").flatMap { Int($0) }
    if let length, length > configuration.limits.responseBytes {
      fail(
        502,
        "the answer is \(length) bytes, more than the gateway's limit of "
          + "\(configuration.limits.responseBytes) bytes; narrow the request (a namespace, "
          + "a label selector, --limit or --tail)",
        note: "size_limit")
      return
    }
    declaredLength = length != nil
    let contentType = head.headers.first(name: "content-type") ?? ""
    if contentType.hasPrefix("text/plain") {
      bodyKind = .text
    } else if read.query?.parameters.contains(where: { $0.name == "watch" }) == true {
      bodyKind = .watchEvents
    }
    status = Int(head.status.code)
    sentHead = true
    let forwarded = HTTPResponseHead(
      version: .http1_1, status: head.status,
      headers: GatewayHeaders.downstreamResponse(head.headers, keepAlive: keepAlive))
    downstream.write(NIOAny(HTTPServerResponsePart.head(forwarded)), promise: nil)
  }

  func upstreamBody(_ buffer: ByteBuffer) {
    guard !finished else { return }
    let room = configuration.limits.responseBytes - bytes
    guard buffer.readableBytes <= room else {
      if room > 0, let part = buffer.getSlice(at: buffer.readerIndex, length: room) {
        send(part)
      }
      fail(
        502,
        "the answer was cut at the gateway's limit of \(configuration.limits.responseBytes) bytes",
        note: "size_limit")
      return
    }
    send(buffer)
    if !downstream.channel.isWritable {
      // The caller reads slower than the cluster answers: pause the cluster.
      try? upstream?.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
    }
  }

  func upstreamReadComplete() {
    guard !finished else { return }
    downstream.flush()
  }

  func upstreamEnd() {
    guard !finished else { return }
    downstream.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
    finish(note: nil, keepConnection: keepAlive)
  }

  func upstreamFailed(_ error: Error) {
    fail(
      502, "the Kubernetes API proxy answered something that is not valid HTTP (\(error))",
      note: "upstream_garbage")
  }

  func upstreamClosed() {
    guard !finished else { return }
    let why =
      configuration.upstreamDown()
      ?? "the Kubernetes API proxy closed the connection before the answer was complete"
    fail(502, why, note: "upstream_closed")
  }

  // MARK: the caller's side

  func downstreamWritabilityChanged(isWritable: Bool) {
    guard !finished, isWritable else { return }
    try? upstream?.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
  }

  func downstreamClosed() {
    guard !finished else { return }
    finish(note: "caller_closed", keepConnection: false)
  }

  // MARK: ending

  private func send(_ buffer: ByteBuffer) {
    bytes += buffer.readableBytes
    downstream.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
  }

  /// Ends the exchange with an explanation in whatever form the caller can
  /// still receive: a Status before the answer started, otherwise a closing
  /// ERROR event, a log note, or a dropped connection so a cut is never silent.
  private func fail(_ code: Int, _ message: String, note: String) {
    guard !finished else { return }
    let status = KubernetesStatus.gatewayFailure(code: code, message)
    if !sentHead {
      self.status = code
      bytes += StatusAnswer.write(
        status, for: requestHead, keepAlive: keepAlive, to: downstream)
      finish(note: note + ": " + message, keepConnection: keepAlive)
      return
    }
    switch (declaredLength, bodyKind) {
    case (false, .watchEvents):
      var event = downstream.channel.allocator.buffer(capacity: 256)
      event.writeString(#"{"type":"ERROR","object":"#)
      event.writeBytes(status.json)
      event.writeString("}\n")
      send(event)
      downstream.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
      finish(note: note + ": " + message, keepConnection: keepAlive)
    case (false, .text):
      var line = downstream.channel.allocator.buffer(capacity: 256)
      line.writeString("\n" + status.message + "\n")
      send(line)
      downstream.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
      finish(note: note + ": " + message, keepConnection: keepAlive)
    default:
      // Closing without the final chunk makes the cut visible to the caller.
      downstream.flush()
      finish(note: note + ": " + message, keepConnection: false)
    }
  }

  private func finish(note: String?, keepConnection: Bool) {
    guard !finished else { return }
    finished = true
    headTimer?.cancel()
    totalTimer?.cancel()
    upstream?.close(promise: nil)
    let elapsed = NIODeadline.now() - started
    configuration.audit.record(
      GatewayAuditRecord(
        method: "GET", path: read.path.text, query: read.query?.raw, decision: .forwarded,
        rule: nil, status: status, bytes: bytes,
        durationMillis: Int(elapsed.nanoseconds / 1_000_000), note: note))
    onFinish(keepConnection)
  }

  private static func seconds(_ amount: TimeAmount) -> String {
    let value = Double(amount.nanoseconds) / 1e9
    return value == value.rounded() ? String(Int(value)) : String(value)
  }
}

/// The client side of one upstream connection: sends the request when the
/// connection is up and hands every part of the answer to the exchange.
final class UpstreamHandler: ChannelInboundHandler {
  typealias InboundIn = HTTPClientResponsePart
  typealias OutboundOut = HTTPClientRequestPart

  private let exchange: GatewayExchange
  private let request: HTTPRequestHead

  init(exchange: GatewayExchange, request: HTTPRequestHead) {
    self.exchange = exchange
    self.request = request
  }

  func channelActive(context: ChannelHandlerContext) {
    context.write(wrapOutboundOut(.head(request)), promise: nil)
    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    context.fireChannelActive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head): exchange.upstreamHead(head)
    case .body(let buffer): exchange.upstreamBody(buffer)
    case .end: exchange.upstreamEnd()
    }
  }

  func channelReadComplete(context: ChannelHandlerContext) {
    exchange.upstreamReadComplete()
  }

  func errorCaught(context: ChannelHandlerContext, error: Error) {
    exchange.upstreamFailed(error)
    context.close(promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    exchange.upstreamClosed()
  }
}
