import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// How a host program ended and what it printed.
public struct HostProcessResult: Sendable, Equatable {
  public let exitStatus: Int32
  public let stdout: String
  public let stderr: String
  /// True when the deadline passed and the program was killed.
  public let timedOut: Bool
}

/// Runs a program on the host (outside any sandbox) with a hard deadline, for
/// checks that use the operator's own tools and credentials, like kubectl.
public enum HostProcess {
  /// Runs `executable` with stdin from /dev/null; kills it when `timeout` passes.
  /// Throws only when the program cannot be started.
  public static func run(
    _ executable: String, arguments: [String], environment: [String: String], timeout: Duration
  ) async throws -> HostProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    let output = OutputCollector()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    output.collect(stdout.fileHandleForReading, into: .stdout)
    output.collect(stderr.fileHandleForReading, into: .stderr)
    let exit = ExitSignal()
    process.terminationHandler = { _ in exit.fire() }
    try process.run()

    let pid = process.processIdentifier
    let watchdog = Task {
      try await Task.sleep(for: timeout)
      output.markTimedOut()
      kill(pid, SIGTERM)
      try await Task.sleep(for: .seconds(1))
      kill(pid, SIGKILL)
    }
    await exit.wait()
    watchdog.cancel()
    // A grandchild (an exec plugin) may keep a pipe open; wait briefly, never forever.
    await output.waitForEnd(atMost: .milliseconds(500))
    return output.result(exitStatus: process.terminationStatus)
  }
}

extension HostProcess {
  /// The blocking form, for callers on a thread of their own (doctor's checks);
  /// nil when the program cannot be started. Never call it from the cooperative pool.
  public static func runBlocking(
    _ executable: String, arguments: [String], environment: [String: String], timeout: Duration
  ) -> HostProcessResult? {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox()
    Task.detached {
      box.value = try? await run(
        executable, arguments: arguments, environment: environment, timeout: timeout)
      done.signal()
    }
    done.wait()
    return box.value
  }

  /// Carries the result to the waiting thread; the semaphore orders the accesses.
  private final class ResultBox: @unchecked Sendable {
    var value: HostProcessResult?
  }
}

/// Gathers a child's stdout and stderr as they arrive.
private final class OutputCollector: @unchecked Sendable {
  enum Stream { case stdout, stderr }

  private let lock = NSLock()
  private var stdout = Data()
  private var stderr = Data()
  private var open = 2
  private var timedOut = false

  func collect(_ handle: FileHandle, into stream: Stream) {
    handle.readabilityHandler = { [self] handle in
      let chunk = handle.availableData
      lock.lock()
      defer { lock.unlock() }
      if chunk.isEmpty {
        handle.readabilityHandler = nil
        open -= 1
      } else if stream == .stdout {
        stdout.append(chunk)
      } else {
        stderr.append(chunk)
      }
    }
  }

  func markTimedOut() {
    lock.lock()
    timedOut = true
    lock.unlock()
  }

  func waitForEnd(atMost limit: Duration) async {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
      let ended = lock.withLock { open <= 0 }
      if ended { return }
      try? await Task.sleep(for: .milliseconds(10))
    }
  }

  func result(exitStatus: Int32) -> HostProcessResult {
    lock.withLock {
      HostProcessResult(
        exitStatus: exitStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self), timedOut: timedOut)
    }
  }
}

/// A one-shot signal from Process's termination handler to an async waiter.
private final class ExitSignal: @unchecked Sendable {
  private let lock = NSLock()
  private var fired = false
  private var waiter: CheckedContinuation<Void, Never>?

  func fire() {
    let continuation = lock.withLock {
      fired = true
      defer { waiter = nil }
      return waiter
    }
    continuation?.resume()
  }

  func wait() async {
    await withCheckedContinuation { continuation in
      let alreadyFired = lock.withLock {
        if !fired { waiter = continuation }
        return fired
      }
      if alreadyFired { continuation.resume() }
    }
  }
}
