import NIOCore
import NIOHTTP1

/// The caller's side of one connection: reads a request, asks the policy,
/// answers a refusal itself or hands an allowed read to a `GatewayExchange`.
final class GatewayConnectionHandler: ChannelInboundHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  private enum State {
    case idle
    case receiving(HTTPRequestHead, bodyBytes: Int, started: NIODeadline)
    case forwarding(GatewayExchange)
  }

  private let configuration: GatewayConfiguration
  private var state = State.idle

  init(configuration: GatewayConfiguration) {
    self.configuration = configuration
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch (unwrapInboundIn(data), state) {
    case (.head(let head), _):
      state = .receiving(head, bodyBytes: 0, started: .now())
    case (.body(let buffer), .receiving(let head, let bodyBytes, let started)):
      // A body is drained, never forwarded; only its presence matters.
      state = .receiving(head, bodyBytes: bodyBytes + buffer.readableBytes, started: started)
    case (.end, .receiving(let head, let bodyBytes, let started)):
      handle(head, bodyBytes: bodyBytes, started: started, context: context)
    default:
      break
    }
  }

  func channelWritabilityChanged(context: ChannelHandlerContext) {
    if case .forwarding(let exchange) = state {
      exchange.downstreamWritabilityChanged(isWritable: context.channel.isWritable)
    }
    context.fireChannelWritabilityChanged()
  }

  func channelInactive(context: ChannelHandlerContext) {
    if case .forwarding(let exchange) = state {
      exchange.downstreamClosed()
    }
    context.fireChannelInactive()
  }

  private func handle(
    _ head: HTTPRequestHead, bodyBytes: Int, started: NIODeadline, context: ChannelHandlerContext
  ) {
    let announcesBody =
      bodyBytes > 0 || head.headers.contains(name: "transfer-encoding")
      || (head.headers.first(name: "content-length").flatMap { Int($0) } ?? 0) > 0
    let request = GatewayRequest(
      method: head.method.rawValue, target: head.uri, headerNames: head.headers.map(\.name),
      hasBody: announcesBody)
    switch configuration.policy.decide(request) {
    case .refuse(let refusal):
      let sent = StatusAnswer.write(
        KubernetesStatus(refusal), for: head, keepAlive: head.isKeepAlive, to: context)
      let target = AuditTarget(head.uri)
      configuration.audit.record(
        GatewayAuditRecord(
          method: GatewayPolicy.shown(head.method.rawValue), path: target.path,
          query: target.query, decision: .refused, rule: refusal.rule, status: refusal.code,
          bytes: sent, durationMillis: Int((NIODeadline.now() - started).nanoseconds / 1_000_000),
          note: nil))
      state = .idle
      if !head.isKeepAlive { context.close(promise: nil) }
    case .allow(let read):
      let exchange = GatewayExchange(
        read: read, requestHead: head, configuration: configuration, downstream: context,
        started: started,
        onFinish: { [self] keepConnection in
          state = .idle
          if !keepConnection { context.close(promise: nil) }
        })
      state = .forwarding(exchange)
      exchange.begin()
    }
  }
}

/// A request target split for the audit log: the normalized path when it
/// parses, otherwise the raw path made printable and short.
struct AuditTarget {
  let path: String
  let query: String?

  init(_ uri: String) {
    let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    let rawPath = parts.first.map(String.init) ?? ""
    path = (try? GatewayPath(raw: rawPath).text) ?? GatewayPolicy.shown(rawPath)
    query = parts.count > 1 ? GatewayPolicy.shown(String(parts[1])) : nil
  }
}
