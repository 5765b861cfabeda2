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
  /// Drops whatever was typed before now, so only an answer given after a
  /// prompt is shown can decide it (like sudo: no type-ahead approves anything).
  func discardTypeAhead()
}

extension ApprovalTerminal {
  public func discardTypeAhead() {}
}

/// The process's own terminal: prompts go to stderr (stdout may be a report or
/// JSON), answers come from stdin, read without blocking so the gate can watch
/// the store for a decision made in another terminal meanwhile.
public final class StandardTerminal: ApprovalTerminal, @unchecked Sendable {
  private let lock = NSLock()
  private var buffer: [UInt8] = []
  private var reachedEnd = false
  private let input: Int32
  private let output: Int32

  /// `input` and `output` are file descriptors; tests pass the ends of a pipe.
  public init(input: Int32 = STDIN_FILENO, output: Int32 = STDERR_FILENO) {
    self.input = input
    self.output = output
  }

  public var isInteractive: Bool { isatty(input) == 1 && isatty(output) == 1 }

  public func write(_ text: String) {
    FileHandle(fileDescriptor: output, closeOnDealloc: false).write(Data(text.utf8))
  }

  public func readLine(timeout: Duration) async throws -> TerminalInput {
    let deadline = ContinuousClock.now + timeout
    while true {
      if let input = takeAvailable() { return input }
      if ContinuousClock.now >= deadline { return .nothing }
      try await Task.sleep(for: .milliseconds(50))
    }
  }

  public func discardTypeAhead() {
    lock.lock()
    defer { lock.unlock() }
    var pollFD = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
    var chunk = [UInt8](repeating: 0, count: 256)
    while !reachedEnd, poll(&pollFD, 1, 0) > 0 {
      let count = read(input, &chunk, chunk.count)
      if count <= 0 { reachedEnd = true }
    }
    buffer.removeAll()
  }

  /// Reads whatever is ready on stdin right now and returns a line if one is complete.
  private func takeAvailable() -> TerminalInput? {
    lock.lock()
    defer { lock.unlock() }
    var pollFD = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
    while !reachedEnd, poll(&pollFD, 1, 0) > 0 {
      var chunk = [UInt8](repeating: 0, count: 256)
      let count = read(input, &chunk, chunk.count)
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
