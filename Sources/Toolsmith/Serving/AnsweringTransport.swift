import Foundation
import Logging
import MCP

/// Wraps a transport and counts requests in and responses out, so the server can
/// answer every request it received before it stops. The SDK handles each request
/// in its own task and ends its loop at EOF, so `printf ... | meta-agent mcp serve`
/// would otherwise lose the answers still being computed.
actor AnsweringTransport: Transport {
  private let base: any Transport
  private var requestsIn = 0
  private var responsesOut = 0

  init(_ base: any Transport) { self.base = base }

  nonisolated var logger: Logger { Logger(label: "meta-agent.mcp-serve") }

  func connect() async throws { try await base.connect() }
  func disconnect() async { await base.disconnect() }

  func send(_ data: Data) async throws {
    try await base.send(data)
    if Self.isResponse(data) { responsesOut += 1 }
  }

  func receive() -> AsyncThrowingStream<Data, Swift.Error> {
    let (stream, continuation) = AsyncThrowingStream<Data, Swift.Error>.makeStream()
    let task = Task {
      do {
        for try await message in await base.receive() {
          if Self.isRequest(message) { countRequest() }
          continuation.yield(message)
        }
        continuation.finish()
      } catch {
        continuation.finish(throwing: error)
      }
    }
    continuation.onTermination = { _ in task.cancel() }
    return stream
  }

  private func countRequest() { requestsIn += 1 }

  /// Waits until every request received has been answered, or `seconds` pass.
  func drain(within seconds: Double) async {
    let deadline = Date().addingTimeInterval(seconds)
    while responsesOut < requestsIn && Date() < deadline {
      try? await Task.sleep(for: .milliseconds(10))
    }
  }

  private static func object(_ data: Data) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
  }

  private static func isRequest(_ data: Data) -> Bool {
    guard let message = object(data) else { return false }
    return message["method"] != nil && message["id"] != nil
  }

  private static func isResponse(_ data: Data) -> Bool {
    guard let message = object(data) else { return false }
    return message["method"] == nil && message["id"] != nil
  }
}
