import Glibc

/// How a sandboxed run ended, classified so a caller can act on it.
public enum SandboxEnding: Sendable, Equatable, CustomStringConvertible {
  case exited(code: Int32)
  /// The wall-clock limit passed and the whole sandbox was killed.
  case timedOut(seconds: Double)
  /// A syscall outside the profile's allow-list killed the process (SIGSYS).
  case killedBySeccomp
  /// The memory limit stopped the program; `evidence` says how we know.
  case outOfMemory(evidence: String)
  /// The CPU-seconds limit (RLIMIT_CPU) stopped the program.
  case cpuTimeExceeded
  case killedBySignal(Int32)
  /// The child failed before execve: at which step, with which errno.
  case setupFailed(step: String, errno: Int32, detail: String?)

  public var description: String {
    switch self {
    case .exited(let code): return "exited with code \(code)"
    case .timedOut(let seconds): return "killed after the wall-clock limit of \(seconds)s"
    case .killedBySeccomp:
      return "killed by seccomp (SIGSYS): it made a system call the profile does not allow"
    case .outOfMemory(let evidence): return "out of memory (\(evidence))"
    case .cpuTimeExceeded: return "killed after using its CPU-seconds limit"
    case .killedBySignal(let signal): return "killed by signal \(signalName(signal))"
    case .setupFailed(let step, let code, let detail):
      let what = detail.map { "\(step) \($0)" } ?? step
      return
        "sandbox setup failed at \(what): \(KernelNames.errnoName(code)) (\(String(cString: strerror(code))))"
    }
  }

  /// A stable one-word name for JSON output.
  public var kind: String {
    switch self {
    case .exited: return "exited"
    case .timedOut: return "timed_out"
    case .killedBySeccomp: return "killed_by_seccomp"
    case .outOfMemory: return "out_of_memory"
    case .cpuTimeExceeded: return "cpu_time_exceeded"
    case .killedBySignal: return "killed_by_signal"
    case .setupFailed: return "setup_failed"
    }
  }
}

/// One captured stream: at most the profile's output cap is kept; the rest is
/// read and counted but dropped, so a flood cannot grow the parent's memory.
public struct CapturedOutput: Sendable, Equatable {
  public internal(set) var bytes: [UInt8] = []
  public internal(set) var totalBytes: Int = 0
  public var truncated: Bool { totalBytes > bytes.count }
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  mutating func append(_ chunk: UnsafeRawBufferPointer, cap: Int) {
    totalBytes += chunk.count
    let room = cap - bytes.count
    if room > 0 { bytes += chunk.prefix(room) }
  }
}

public struct SandboxResult: Sendable, Equatable {
  public var ending: SandboxEnding
  public var stdout: CapturedOutput
  public var stderr: CapturedOutput
  public var wallSeconds: Double
  public var cpuSeconds: Double
  /// Things the operator should know about how limits were enforced on this host.
  public var notes: [String]
}

func signalName(_ signal: Int32) -> String {
  let names: [Int32: String] = [
    SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL",
    SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
    SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1", SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2",
    SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGXCPU: "SIGXCPU",
    SIGXFSZ: "SIGXFSZ", SIGSYS: "SIGSYS",
  ]
  return names[signal] ?? "\(signal)"
}
