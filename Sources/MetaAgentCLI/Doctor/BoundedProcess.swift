import Foundation

/// Runs a host program for a check with a hard deadline: doctor must never wait
/// on a program that hangs (a dispatcher that goes to the network, a broken shim).
enum BoundedProcess {
  struct Result: Sendable {
    let exitStatus: Int32
    let stdout: String
    let stderr: String
    /// True when the deadline passed and the program was killed.
    let timedOut: Bool
  }

  /// Runs `executable` with stdin from /dev/null and kills it (SIGKILL) once
  /// `timeoutSeconds` pass; nil when it cannot be started at all.
  static func run(
    _ executable: String, _ arguments: [String], timeoutSeconds: Double,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> Result? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    do {
      try process.run()
    } catch {
      return nil
    }
    let stdout = PipeReader(out.fileHandleForReading)
    let stderr = PipeReader(err.fileHandleForReading)
    var timedOut = false
    if exited.wait(timeout: .now() + timeoutSeconds) == .timedOut {
      timedOut = true
      kill(process.processIdentifier, SIGKILL)
      exited.wait()
    }
    // A grandchild may hold a pipe open after the program exits; wait briefly, never forever.
    let drainDeadline = DispatchTime.now() + 0.5
    return Result(
      exitStatus: process.terminationStatus, stdout: stdout.text(by: drainDeadline),
      stderr: stderr.text(by: drainDeadline), timedOut: timedOut)
  }

  /// The first executable `name` in the PATH of `environment`, as given (not resolved).
  static func which(_ name: String, environment: [String: String]) -> String? {
    for directory in (environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
      let path = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }

  /// The path with every symlink resolved, as the kernel would open it.
  static func realPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

/// Reads one pipe to its end on a background thread.
private final class PipeReader: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  private let finished = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle) {
    Thread.detachNewThread { [self] in
      let all = handle.readDataToEndOfFile()
      lock.withLock { data = all }
      finished.signal()
    }
  }

  /// What was read, once the pipe closed or the deadline passed (then possibly nothing).
  func text(by deadline: DispatchTime) -> String {
    _ = finished.wait(timeout: deadline)
    return lock.withLock { String(decoding: data, as: UTF8.self) }
  }
}
