import Foundation
import Logging
import MCP
import Sandbox

/// The SDK's `Transport` over a sandboxed server's stdin and stdout:
/// newline-delimited JSON, each message size-capped and checked to be JSON,
/// read on a thread of its own so a silent server never holds the async pool.
actor PipeTransport: Transport {
  nonisolated let logger = Logger(
    label: "meta-agent.mcp-host", factory: { _ in SwiftLogNoOpLogHandler() })

  private let process: SandboxedProcess
  private let maxMessageBytes: Int
  private let latch: FailureLatch
  private let messages: AsyncThrowingStream<Data, Error>
  private let sink: AsyncThrowingStream<Data, Error>.Continuation
  /// Writes happen here because a server that stops reading would block the writer.
  private let writer = DispatchQueue(label: "meta-agent.mcp-host.stdin")
  private var reading = false

  init(process: SandboxedProcess, maxMessageBytes: Int, latch: FailureLatch) {
    self.process = process
    self.maxMessageBytes = maxMessageBytes
    self.latch = latch
    (messages, sink) = AsyncThrowingStream.makeStream(of: Data.self, throwing: Error.self)
    let sink = self.sink
    // The stream ends with an error, never quietly: the SDK's receive loop would spin on a finished stream.
    latch.onTrip { sink.finish(throwing: MCPError.connectionClosed) }
  }

  func connect() async throws {
    guard !reading else { return }
    reading = true
    let reader = LineReader(
      descriptor: process.output.fileDescriptor, maxMessageBytes: maxMessageBytes)
    let sink = self.sink
    let latch = self.latch
    let process = self.process
    Thread.detachNewThread {
      // The process owns the descriptor, so it must outlive the reads.
      withExtendedLifetime(process) {
        reader.run(deliver: { sink.yield($0) }, fail: { latch.trip($0) })
      }
    }
  }

  func disconnect() async {
    sink.finish(throwing: MCPError.connectionClosed)
  }

  func send(_ data: Data) async throws {
    let line = data + [UInt8(ascii: "\n")]
    let input = process.input
    try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, Error>) in
      writer.async {
        do {
          try input.write(contentsOf: line)
          done.resume()
        } catch {
          done.resume(throwing: MCPError.transportError(error))
        }
      }
    }
  }

  func receive() -> AsyncThrowingStream<Data, Error> { messages }
}

/// Splits a server's stdout into messages until it ends or misbehaves.
struct LineReader: Sendable {
  let descriptor: Int32
  let maxMessageBytes: Int

  /// Blocks until end-of-file, a read error, garbage or an oversize message.
  func run(deliver: (Data) -> Void, fail: (ToolServerError) -> Void) {
    var pending: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 << 10)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else {
        fail(.serverExited(ending: "closed its stdout", stderr: ""))
        return
      }
      // Only the new bytes are searched, so a long message costs linear time.
      var lineStart = 0
      var searchFrom = pending.count
      pending.append(contentsOf: chunk[..<count])
      while let newline = pending[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
        if let failure = check(pending[lineStart..<newline], deliver: deliver) {
          fail(failure)
          return
        }
        lineStart = newline + 1
        searchFrom = lineStart
      }
      pending.removeFirst(lineStart)
      if pending.count > maxMessageBytes {
        fail(.answerTooLarge(limitBytes: maxMessageBytes))
        return
      }
    }
  }

  /// Delivers one line if it is an acceptable message, or says why it is not.
  private func check(_ line: ArraySlice<UInt8>, deliver: (Data) -> Void) -> ToolServerError? {
    if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { return nil }
    guard line.count <= maxMessageBytes else { return .answerTooLarge(limitBytes: maxMessageBytes) }
    let message = Data(line)
    guard Self.isJSONMessage(message) else {
      return .protocolViolation(excerpt: Self.excerpt(message))
    }
    deliver(message)
    return nil
  }

  /// JSON-RPC messages are objects, or arrays of them for batches.
  static func isJSONMessage(_ data: Data) -> Bool {
    guard let parsed = try? JSONSerialization.jsonObject(with: data) else { return false }
    return parsed is [String: Any] || parsed is [Any]
  }

  static func excerpt(_ data: Data) -> String {
    let text = String(decoding: data.prefix(120), as: UTF8.self)
    return data.count > 120 ? text + "…" : text
  }
}
