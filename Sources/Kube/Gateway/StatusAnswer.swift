import NIOCore
import NIOHTTP1

/// Writes a gateway-made answer (a refusal or an upstream failure) as one
/// complete HTTP response.
enum StatusAnswer {
  /// Returns the number of body bytes written.
  static func write(
    _ status: KubernetesStatus, for request: HTTPRequestHead, keepAlive: Bool,
    to context: ChannelHandlerContext
  ) -> Int {
    let (contentType, body) = encode(status, accept: request.headers.first(name: "accept") ?? "")
    var headers = HTTPHeaders()
    headers.add(name: "Content-Type", value: contentType)
    headers.add(name: "Content-Length", value: String(body.count))
    headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
    let head = HTTPResponseHead(
      version: .http1_1, status: HTTPResponseStatus(statusCode: status.code), headers: headers)
    context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
    // A response to HEAD carries the headers only.
    let sendsBody = request.method != .HEAD
    if sendsBody {
      context.write(
        NIOAny(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
    }
    context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
    return sendsBody ? body.count : 0
  }

  /// client-go reads aggregated discovery (`/api`, `/apis`) failures with
  /// `Raw()`, which shows a text body but not a Status, so those requests get
  /// the message as plain text and kubectl still prints why.
  static func encode(_ status: KubernetesStatus, accept: String) -> (String, [UInt8]) {
    if accept.contains("apidiscovery.k8s.io") {
      return ("text/plain; charset=utf-8", Array(status.message.utf8))
    }
    return ("application/json", status.json)
  }
}
