import Foundation
import Governance
import NIOCore
import NIOHTTP1
import NIOPosix

@testable import Kube

/// A temporary directory that acts as HOME for one test.
struct TemporaryHome {
  let path: String

  init() throws {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("kube-auth-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// Writes `text` at `relative` (creating directories) and returns the full path.
  @discardableResult
  func write(_ relative: String, _ text: String) throws -> String {
    let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  /// HOME and a PATH without the AWS CLI, so tests never depend on the host's aws.
  func environment(_ extra: [String: String] = [:]) -> [String: String] {
    ["HOME": path, "PATH": "/usr/bin:/bin"].merging(extra) { _, new in new }
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Strings planted in kubeconfigs that must never appear in any message.
enum Planted {
  static let token = "planted-token-4f9c1e7b2a"
  static let clientKey = "cGxhbnRlZC1jbGllbnQta2V5LWRhdGEtMTIzNDU2Nzg5MA=="
  static let password = "planted-password-77aa"
  static let all = [token, clientKey, password]
}

/// User blocks for `kubeconfig(user:)`, each holding planted secrets.
enum PlantedUser {
  static let token = "    token: \(Planted.token)"
  static let basic = "    username: admin\n    password: \(Planted.password)"
  static let clientCertificate =
    "    client-certificate-data: \(Planted.clientKey)\n    client-key-data: \(Planted.clientKey)"
}

/// A kubeconfig with one context named `context` pointing at `server`, whose user
/// holds a planted token unless `user` is given.
func kubeconfig(
  context: String = "dev", cluster: String = "dev-cluster", server: String?,
  user: String? = nil, currentContext: String? = "dev"
) -> String {
  let userBlock = user ?? PlantedUser.token
  return """
    apiVersion: v1
    kind: Config
    \(currentContext.map { "current-context: \"\($0)\"" } ?? "")
    clusters:
    - name: "\(cluster)"
      cluster:
        \(server.map { "server: \($0)" } ?? "insecure-skip-tls-verify: true")
    contexts:
    - name: "\(context)"
      context:
        cluster: "\(cluster)"
        user: dev-user
    users:
    - name: dev-user
      user:
    \(userBlock)
    """
}

/// A local HTTP server that answers every request with one status and body, like
/// an API server's /version (or its 401).
final class StubAPIServer: Sendable {
  static let versionBody = #"{"major":"1","minor":"32","gitVersion":"v1.32.4"}"#

  private let group: MultiThreadedEventLoopGroup
  private let channel: any Channel
  let port: Int

  var url: String { "http://127.0.0.1:\(port)" }

  init(status: HTTPResponseStatus, body: String) async throws {
    group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    channel = try await ServerBootstrap(group: group)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.configureHTTPServerPipeline()
          try channel.pipeline.syncOperations.addHandler(StubHandler(status: status, body: body))
        }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    port = channel.localAddress?.port ?? 0
  }

  func stop() async {
    try? await channel.close()
    try? await group.shutdownGracefully()
  }

  /// A port on 127.0.0.1 that nothing listens on: bound, then closed.
  static func closedPort() async throws -> Int {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let channel = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 1
    try await channel.close()
    try await group.shutdownGracefully()
    return port
  }
}

private final class StubHandler: ChannelInboundHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  private let status: HTTPResponseStatus
  private let body: String

  init(status: HTTPResponseStatus, body: String) {
    self.status = status
    self.body = body
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard case .end = unwrapInboundIn(data) else { return }
    var headers = HTTPHeaders()
    headers.add(name: "Content-Type", value: "application/json")
    headers.add(name: "Content-Length", value: "\(body.utf8.count)")
    context.write(
      wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
      promise: nil)
    context.write(
      wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))),
      promise: nil)
    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
  }
}

/// A terminal that answers with scripted input, running `beforeAnswer` first
/// (the operator fixing their kubeconfig before typing Ready).
final class ScriptedTerminal: ApprovalTerminal, @unchecked Sendable {
  private let lock = NSLock()
  private var answers: [TerminalInput]
  private var written = ""
  private let beforeAnswer: @Sendable (Int) -> Void
  private var answered = 0
  let isInteractive: Bool

  init(
    interactive: Bool = true, answers: [TerminalInput],
    beforeAnswer: @escaping @Sendable (Int) -> Void = { _ in }
  ) {
    self.isInteractive = interactive
    self.answers = answers
    self.beforeAnswer = beforeAnswer
  }

  var output: String { lock.withLock { written } }

  func write(_ text: String) { lock.withLock { written += text } }

  func readLine(timeout: Duration) async throws -> TerminalInput {
    let (index, next) = lock.withLock {
      answered += 1
      return (answered, answers.isEmpty ? TerminalInput.closed : answers.removeFirst())
    }
    beforeAnswer(index)
    return next
  }
}

/// Every text a status can show a person.
func allText(_ status: CredentialStatus) -> String {
  switch status {
  case .ready(let details): "\(details.description) \(details.summary) \(details.source)"
  case .needed(let remedy):
    "\(remedy.description)\n\(remedy.explanation)\n\(remedy.summary)\n\(remedy.problem)"
  }
}
