import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What a terminal answered within one wait.
public enum TerminalInput: Sendable, Equatable {
  /// A whole line, without its newline.
  case line(String)
  /// Nothing yet.
  case nothing
  /// End of input: nobody will answer here.
  case closed
}

/// The terminal an approval prompt talks to; injectable so tests can answer.
public protocol ApprovalTerminal: Sendable {
  /// True only when a person can answer (stdin and stderr are terminals).
  var isInteractive: Bool { get }
  func write(_ text: String)
  /// Waits at most `timeout` for a line, without blocking a thread.
  func readLine(timeout: Duration) async throws -> TerminalInput
}

/// The process's own terminal: prompts go to stderr (stdout may be a report or
/// JSON), answers come from stdin, read without blocking so the gate can watch
/// the store for a decision made in another terminal meanwhile.
public final class StandardTerminal: ApprovalTerminal, @unchecked Sendable {
  private let lock = NSLock()
  private var buffer: [UInt8] = []
  private var reachedEnd = false

  public init() {}

  public var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDERR_FILENO) == 1 }

  public func write(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  public func readLine(timeout: Duration) async throws -> TerminalInput {
    let deadline = ContinuousClock.now + timeout
    while true {
      if let input = takeAvailable() { return input }
      if ContinuousClock.now >= deadline { return .nothing }
      try await Task.sleep(for: .milliseconds(50))
    }
  }

  /// Reads whatever is ready on stdin right now and returns a line if one is complete.
  private func takeAvailable() -> TerminalInput? {
    lock.lock()
    defer { lock.unlock() }
    var pollFD = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    while !reachedEnd, poll(&pollFD, 1, 0) > 0 {
      var chunk = [UInt8](repeating: 0, count: 256)
      let count = read(STDIN_FILENO, &chunk, chunk.count)
      if count <= 0 {
        reachedEnd = true
      } else {
        buffer.append(contentsOf: chunk.prefix(count))
      }
      if buffer.contains(0x0a) { break }
    }
    if let newline = buffer.firstIndex(of: 0x0a) {
      let line = String(decoding: buffer[..<newline], as: UTF8.self)
      buffer.removeSubrange(...newline)
      return .line(line)
    }
    return reachedEnd ? .closed : nil
  }
}
