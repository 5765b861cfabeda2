import Foundation
import NIOCore
import Testing

@testable import Kube

/// What sits behind the gateway in a server test.
private enum TestUpstream {
  /// Nothing listens.
  case none
  /// An HTTP server giving every request this answer.
  case answering(FakeAnswer)
  /// A socket that replies these bytes (maybe none) and hangs up.
  case raw(String)
}

/// A gateway in front of a test upstream, stopped (with the upstream) after `body`.
private func withGateway(
  upstream: TestUpstream = .none, limits: GatewayLimits = GatewayLimits(),
  listener: GatewayListener = .tcp(host: "127.0.0.1", port: 0),
  _ body: (GatewayServer, GatewayAudit, FakeHTTPServer?, ScratchDirectory) async throws -> Void
) async throws {
  let scratch = try ScratchDirectory()
  let socket = scratch.path("upstream.sock")
  var fake: FakeHTTPServer?
  var raw: RawSocketServer?
  switch upstream {
  case .answering(let answer):
    fake = FakeHTTPServer(route: { _ in answer })
    try await fake?.start(unixSocket: socket)
  case .raw(let reply):
    raw = RawSocketServer()
    try await raw?.start(unixSocket: socket, reply: reply)
  case .none:
    break
  }
  let audit = GatewayAudit()
  let server = try await GatewayServer.start(
    listener,
    configuration: GatewayConfiguration(upstream: .unixSocket(socket), limits: limits, audit: audit)
  )
  do {
    try await body(server, audit, fake, scratch)
  } catch {
    await server.stop()
    await fake?.stop()
    await raw?.stop()
    scratch.remove()
    throw error
  }
  await server.stop()
  await fake?.stop()
  await raw?.stop()
  scratch.remove()
}

private func decodeStatus(_ body: String) throws -> KubernetesStatus {
  try JSONDecoder().decode(KubernetesStatus.self, from: Data(body.utf8))
}

/// The audit records once `count` are in: the caller may see the end of an
/// answer a moment before the gateway records it.
private func settled(_ audit: GatewayAudit, count: Int = 1) async throws -> [GatewayAuditRecord] {
  for _ in 0..<100 where audit.records.count < count {
    try await Task.sleep(for: .milliseconds(10))
  }
  return audit.records
}

private let podList = #"{"kind":"PodList","apiVersion":"v1","items":[]}"#

private func events(_ count: Int) -> [String] {
  (0..<count).map {
    #"{"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"p\#($0)"}}}"# + "\n"
  }
}

@Suite("Gateway server", .timeLimit(.minutes(1)))
struct GatewayServerTests {
  @Test("an upstream that is down answers 502 at once, as a Kubernetes Status")
  func upstreamDown() async throws {
    try await withGateway { server, audit, _, _ in
      let response = try RawHTTP.send(RawHTTP.get("/api/v1/pods"), tcpPort: server.port)
      #expect(response.status == 502)
      #expect(response.seconds < 2)
      let status = try decodeStatus(response.body)
      #expect(status.kind == "Status" && status.code == 502)
      #expect(status.message.contains("cannot reach the Kubernetes API proxy"))
      #expect(try await settled(audit).first?.note?.hasPrefix("upstream_unreachable") == true)
    }
  }

  @Test("a silent upstream is cut at the response-head limit with a 504 that says so")
  func silentUpstream() async throws {
    try await withGateway(
      upstream: .answering(.silence), limits: GatewayLimits(responseHead: .milliseconds(500))
    ) { server, _, _, _ in
      let response = try RawHTTP.send(RawHTTP.get("/api/v1/pods"), tcpPort: server.port)
      #expect(response.status == 504)
      #expect(response.seconds < 5)
      #expect(
        try decodeStatus(response.body).message.contains("did not start answering within 0.5 s"))
    }
  }

  @Test("garbage from upstream is a 502 naming it, not a hang")
  func garbageUpstream() async throws {
    try await withGateway(upstream: .raw("SSH-2.0-OpenSSH_9.2\r\n\r\n")) { server, _, _, _ in
      let response = try RawHTTP.send(RawHTTP.get("/api/v1/pods"), tcpPort: server.port)
      #expect(response.status == 502)
      #expect(response.seconds < 2)
      #expect(try decodeStatus(response.body).message.contains("not valid HTTP"))
    }
  }

  @Test("an upstream that hangs up without answering is a 502")
  func upstreamHangsUp() async throws {
    try await withGateway(upstream: .raw("")) { server, _, _, _ in
      let response = try RawHTTP.send(RawHTTP.get("/api/v1/pods"), tcpPort: server.port)
      #expect(response.status == 502)
      #expect(response.seconds < 2)
    }
  }

  @Test("an answer declared larger than the cap is refused before any byte is passed")
  func declaredTooLarge() async throws {
    try await withGateway(
      upstream: .answering(.declaredLength(10_000)), limits: GatewayLimits(responseBytes: 1000)
    ) { server, _, _, _ in
      let response = try RawHTTP.send(RawHTTP.get("/api/v1/pods"), tcpPort: server.port)
      #expect(response.status == 502)
      #expect(try decodeStatus(response.body).message.contains("more than the gateway's limit"))
    }
  }

  @Test("a watch over the size cap ends with an ERROR event that says why")
  func watchSizeCap() async throws {
    try await withGateway(
      upstream: .answering(
        .chunks(events(50), every: .milliseconds(5), ends: false, contentType: "application/json")),
      limits: GatewayLimits(responseBytes: 300)
    ) { server, audit, _, _ in
      let response = try RawHTTP.send(RawHTTP.get("/api/v1/pods?watch=true"), tcpPort: server.port)
      #expect(response.status == 200)
      #expect(response.body.contains(#"{"type":"ERROR","object":{"#))
      #expect(response.body.contains("cut at the gateway's limit of 300 bytes"))
      #expect(response.body.hasSuffix("0\r\n\r\n"))
      #expect(try await settled(audit).first?.note?.hasPrefix("size_limit") == true)
    }
  }

  @Test("a watch longer than the stream limit ends with an ERROR event")
  func watchTimeLimit() async throws {
    try await withGateway(
      upstream: .answering(
        .chunks(
          events(1000), every: .milliseconds(50), ends: false, contentType: "application/json")),
      limits: GatewayLimits(stream: .milliseconds(600))
    ) { server, _, _, _ in
      let response = try RawHTTP.send(RawHTTP.get("/api/v1/pods?watch=1"), tcpPort: server.port)
      #expect(response.status == 200)
      #expect(response.body.contains(#""type":"ADDED""#))
      #expect(response.body.contains("took longer than the gateway's 0.6 s limit"))
      #expect(response.seconds < 5)
    }
  }

  @Test("a watch may outlive the response-head limit once the cluster has answered")
  func headLimitEndsWithTheHead() async throws {
    try await withGateway(
      upstream: .answering(
        .chunks(events(12), every: .milliseconds(50), ends: true, contentType: "application/json")),
      limits: GatewayLimits(responseHead: .milliseconds(200), stream: .seconds(5))
    ) { server, audit, _, _ in
      let response = try RawHTTP.send(RawHTTP.get("/api/v1/pods?watch=true"), tcpPort: server.port)
      #expect(response.status == 200)
      #expect(response.body.contains(#""name":"p11""#))
      #expect(!response.body.contains("ERROR"))
      #expect(response.body.hasSuffix("0\r\n\r\n"))
      #expect(try await settled(audit).first?.note == nil)
    }
  }

  @Test("a followed log that runs too long ends with a note line")
  func followedLogTimeLimit() async throws {
    try await withGateway(
      upstream: .answering(
        .chunks(
          Array(repeating: "log line\n", count: 1000), every: .milliseconds(50), ends: false,
          contentType: "text/plain")), limits: GatewayLimits(stream: .milliseconds(500))
    ) { server, _, _, _ in
      let response = try RawHTTP.send(
        RawHTTP.get("/api/v1/namespaces/x/pods/p/log?follow=true"), tcpPort: server.port)
      #expect(response.status == 200)
      #expect(response.body.contains("log line"))
      #expect(response.body.contains("meta-agent gateway: the answer took longer"))
    }
  }

  @Test("a list cut at the size cap drops the connection instead of ending it cleanly")
  func listSizeCap() async throws {
    try await withGateway(
      upstream: .answering(
        .chunks(events(50), every: .milliseconds(5), ends: true, contentType: "application/json")),
      limits: GatewayLimits(responseBytes: 200)
    ) { server, audit, _, _ in
      let response = try RawHTTP.send(RawHTTP.get("/api/v1/pods"), tcpPort: server.port)
      #expect(response.status == 200)
      #expect(!response.body.hasSuffix("0\r\n\r\n"))
      #expect(try await settled(audit).first?.note?.hasPrefix("size_limit") == true)
      #expect(try await settled(audit).first?.bytes == 200)
    }
  }

  @Test("the caller's credentials never reach the upstream; Host is the proxy's")
  func credentialsStripped() async throws {
    try await withGateway(upstream: .answering(.json(200, podList))) { server, _, fake, _ in
      let response = try RawHTTP.send(
        RawHTTP.get(
          "/api/v1/pods",
          headers: [
            "Authorization: Bearer sandbox-token", "Cookie: s=1", "Accept: application/json",
          ]),
        tcpPort: server.port)
      #expect(response.status == 200)
      let seen = try #require(fake?.requests.first)
      #expect(seen.header("Authorization") == nil)
      #expect(seen.header("Cookie") == nil)
      #expect(seen.header("Host") == "localhost")
      #expect(seen.header("Accept") == "application/json")
    }
  }

  @Test("impersonation and upgrades are refused and never reach the upstream")
  func impersonationRefused() async throws {
    try await withGateway(upstream: .answering(.json(200, podList))) { server, _, fake, _ in
      let impersonating = try RawHTTP.send(
        RawHTTP.get("/api/v1/pods", headers: ["Impersonate-User: admin"]), tcpPort: server.port)
      #expect(impersonating.status == 403)
      let upgrading = try RawHTTP.send(
        RawHTTP.get(
          "/api/v1/namespaces/x/pods/p/exec?command=sh",
          headers: ["Upgrade: websocket", "Sec-WebSocket-Key: x"]), tcpPort: server.port)
      #expect(upgrading.status == 403)
      #expect(fake?.requests.isEmpty == true)
    }
  }

  @Test("refusals are Kubernetes Status objects; HEAD gets the headers only; all are audited")
  func refusalsAreStatuses() async throws {
    try await withGateway(upstream: .answering(.json(200, podList))) { server, audit, fake, _ in
      let delete = try RawHTTP.send(
        "DELETE /api/v1/namespaces/default/pods/x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
        tcpPort: server.port)
      #expect(delete.status == 403)
      #expect(
        try decodeStatus(delete.body)
          == KubernetesStatus(
            code: 403, reason: "Forbidden",
            message: "meta-agent gateway: DELETE is refused: the gateway is read-only"))
      let head = try RawHTTP.send(
        "HEAD /api/v1/pods HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", tcpPort: server.port)
      #expect(head.status == 403)
      #expect(head.body.isEmpty)
      #expect(fake?.requests.isEmpty == true)
      #expect(try await settled(audit, count: 2).map(\.rule) == [.method, .method])
      #expect(audit.records.map(\.method) == ["DELETE", "HEAD"])
    }
  }

  @Test("a forwarded read is audited with path, query, status, bytes and duration")
  func forwardedReadAudited() async throws {
    try await withGateway(upstream: .answering(.json(200, podList))) { server, audit, fake, _ in
      let response = try RawHTTP.send(
        RawHTTP.get("/api/v1/namespaces/default/%70ods?limit=500"), tcpPort: server.port)
      #expect(response.status == 200)
      #expect(response.body == podList)
      #expect(fake?.requests.first?.uri == "/api/v1/namespaces/default/pods?limit=500")
      let record = try #require(try await settled(audit).first)
      #expect(record.decision == .forwarded)
      #expect(record.path == "/api/v1/namespaces/default/pods")
      #expect(record.query == "limit=500")
      #expect(record.status == 200)
      #expect(record.bytes == podList.utf8.count)
      #expect(record.durationMillis >= 0 && record.durationMillis < 2000)
      #expect(record.note == nil)
      #expect(record.details["duration_ms"] != nil && record.details["rule"] == nil)
    }
  }

  @Test("one connection serves several requests (kubectl keeps connections alive)")
  func keepAlive() async throws {
    try await withGateway(upstream: .answering(.json(200, podList))) { server, _, _, _ in
      let two =
        "GET /api/v1/pods HTTP/1.1\r\nHost: h\r\n\r\n"
        + "DELETE /api/v1/pods/x HTTP/1.1\r\nHost: h\r\n\r\n"
        + "GET /version HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
      let response = try RawHTTP.send(two, tcpPort: server.port)
      #expect(response.head.hasPrefix("HTTP/1.1 200"))
      #expect(response.body.contains("HTTP/1.1 403 Forbidden"))
      #expect(response.body.components(separatedBy: "HTTP/1.1 200").count == 2)
    }
  }

  @Test("the gateway serves a socket that someone else created and bound")
  func boundSocket() async throws {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
      }
    }
    #expect(bound)
    let port = Int(UInt16(bigEndian: address.sin_port))
    try await withGateway(
      upstream: .answering(.json(200, podList)), listener: .boundSocket(descriptor)
    ) { server, _, _, _ in
      #expect(server.port == port)
      let response = try RawHTTP.send(RawHTTP.get("/api/v1/pods"), tcpPort: port)
      #expect(response.status == 200)
    }
  }

  @Test("on a unix socket the gateway is reachable by its owner only (0600)")
  func unixSocketListener() async throws {
    let scratch = try ScratchDirectory()
    defer { scratch.remove() }
    let path = scratch.path("gateway.sock")
    try await withGateway(upstream: .answering(.json(200, podList)), listener: .unixSocket(path)) {
      _, _, _, _ in
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      #expect((attributes[.posixPermissions] as? Int) == 0o600)
      let response = try RawHTTP.send(RawHTTP.get("/api/v1/pods"), unixSocket: path)
      #expect(response.status == 200)
    }
  }

  @Test("a listener that cannot be bound is a typed error")
  func listenFailure() async throws {
    await #expect(throws: GatewayServerError.self) {
      _ = try await GatewayServer.start(
        .unixSocket("/nonexistent-dir/gateway.sock"),
        configuration: GatewayConfiguration(upstream: .unixSocket("/nonexistent")))
    }
  }

  @Test("aggregated discovery failures are plain text so kubectl prints the message")
  func discoveryFailuresAreText() {
    let status = KubernetesStatus(
      code: 502, reason: "InternalError", message: "meta-agent gateway: down")
    let discovery = StatusAnswer.encode(
      status, accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
    #expect(discovery.0.hasPrefix("text/plain"))
    #expect(String(decoding: discovery.1, as: UTF8.self) == "meta-agent gateway: down")
    let ordinary = StatusAnswer.encode(status, accept: "application/json")
    #expect(ordinary.0 == "application/json")
  }
}
