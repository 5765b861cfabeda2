import Foundation
import Glibc

/// A sandboxed program that keeps running while its caller talks to it over
/// stdin and stdout, as an MCP tool server does. stderr is captured (capped)
/// and comes back with the result.
public final class SandboxedProcess: @unchecked Sendable {
  public let pid: pid_t
  /// Writes to the program's stdin; close it to send end-of-file.
  public let input: FileHandle
  /// Reads the program's stdout.
  public let output: FileHandle

  private let lock = NSLock()
  private var result: SandboxResult?
  private let finished = DispatchSemaphore(value: 0)

  init(pid: pid_t, input: Int32, output: Int32) {
    self.pid = pid
    self.input = FileHandle(fileDescriptor: input, closeOnDealloc: true)
    self.output = FileHandle(fileDescriptor: output, closeOnDealloc: true)
  }

  /// Whether the program is still running.
  public var isRunning: Bool { lock.withLock { result == nil } }

  /// Blocks until the program has ended and returns how.
  public func wait() -> SandboxResult {
    finished.wait()
    finished.signal()  // later callers return at once
    return lock.withLock { result! }
  }

  /// Kills the whole sandbox (its PID namespace's init); a no-op once it ended,
  /// so a reused pid is never signalled.
  public func kill() {
    lock.withLock {
      if result == nil { _ = Glibc.kill(pid, SIGKILL) }
    }
  }

  func finish(_ ending: SandboxResult) {
    lock.withLock { result = ending }
    finished.signal()
  }
}

extension SandboxLauncher {
  /// Starts the program and returns while it runs; stdin and stdout are the
  /// caller's to use. The sandbox is set up and supervised on a thread of its
  /// own that lives exactly as long as the program, because the child dies with
  /// the thread that created it (PR_SET_PDEATHSIG).
  public static func start(_ request: SandboxRequest) throws(SandboxError) -> SandboxedProcess {
    _ = ignoreBrokenPipes
    let prepared = try PreparedSandbox(request)
    let handoff = StartHandoff()
    Thread.detachNewThread {
      do throws(SandboxError) {
        let result = try prepared.run(stdin: nil) { pid, writer, reader in
          handoff.started(SandboxedProcess(pid: pid, input: writer, output: reader))
        }
        handoff.ended(result)
      } catch {
        handoff.failed(error)
      }
    }
    return try handoff.waitForStart()
  }
}

/// Carries the outcome of the start from the supervising thread to the caller.
private final class StartHandoff: @unchecked Sendable {
  private let lock = NSLock()
  private let ready = DispatchSemaphore(value: 0)
  private var process: SandboxedProcess?
  private var failure: SandboxError?

  func started(_ process: SandboxedProcess) {
    lock.withLock { self.process = process }
    ready.signal()
  }

  func ended(_ result: SandboxResult) {
    let process = lock.withLock { self.process }
    if let process {
      process.finish(result)
      return
    }
    // It never started: setup failed before execve.
    if case .setupFailed(let step, let code, let detail) = result.ending {
      failed(SandboxError.spawnFailed(step: step, errno: code, detail: detail))
    } else {
      failed(SandboxError.spawnFailed(step: "start", errno: EIO, detail: "\(result.ending)"))
    }
  }

  func failed(_ error: SandboxError) {
    lock.withLock { failure = error }
    ready.signal()
  }

  func waitForStart() throws(SandboxError) -> SandboxedProcess {
    ready.wait()
    let (process, failure) = lock.withLock { (self.process, self.failure) }
    if let process { return process }
    throw failure ?? .spawnFailed(step: "start", errno: EIO, detail: nil)
  }
}
