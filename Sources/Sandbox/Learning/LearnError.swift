import Glibc

/// Why a profile could not be learned. Nothing is written when one is thrown.
public enum LearnError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Learning under `network: kube-gateway` would need the gateway running.
  case unsupportedNetwork(profile: String, mode: String)
  case tracerMissing(String)
  case tracerUnusable(String, reason: String)
  /// The learning sandbox could not be prepared or started.
  case sandbox(SandboxError)
  case traceDirectory(step: String, errno: Int32)
  case traceUnreadable(path: String, reason: String)
  /// The tracer left no trace: it could not trace (ptrace refused) or died first.
  case noTrace(ending: SandboxEnding, stderrTail: [String])
  /// The --from profile's filter killed the command: it needs more than --from allows.
  case refusedByFrom(profile: String, syscall: String?, process: Int)
  /// The command failed under the learning variant, so its trace is incomplete.
  case commandFailed(ending: SandboxEnding, stderrTail: [String])
  /// The command used syscalls that only the tracer's additions let through.
  case tracerOnlySyscalls([String], profile: String)
  /// The learned profile has a lint error (a defect in the learner).
  case learnedProfileRefused(String)
  /// Re-running the command under the learned profile did not end as it did while learning.
  case verificationFailed(ending: SandboxEnding, expected: String, stderrTail: [String])
  case write(path: String, errno: Int32)

  /// The last lines of the command's stderr that explain a failure, if any.
  public var stderrTail: [String] {
    switch self {
    case .noTrace(_, let tail), .commandFailed(_, let tail), .verificationFailed(_, _, let tail):
      return tail
    default:
      return []
    }
  }

  public var description: String {
    switch self {
    case .unsupportedNetwork(let profile, let mode):
      return
        "profile '\(profile)' uses network: \(mode), which learning cannot provide; learn from a copy with network: loopback and put \(mode) back afterwards"
    case .tracerMissing(let path):
      return
        "\(path) is not installed; profile learn traces the command with strace (apt-get install strace, or scripts/setup)"
    case .tracerUnusable(let path, let reason):
      return "cannot use \(path) to trace: \(reason); reinstall strace"
    case .sandbox(let error):
      return "\(error)"
    case .traceDirectory(let step, let code):
      return
        "could not \(step) for the trace: \(KernelNames.errnoName(code)) (\(String(cString: strerror(code)))); check that /tmp is writable"
    case .traceUnreadable(let path, let reason):
      return "the trace \(path) \(reason); run again"
    case .noTrace(let ending, _):
      return
        "strace left no trace (the learning sandbox \(ending)); the host may forbid ptrace inside user namespaces"
    case .refusedByFrom(let profile, let syscall, let process):
      let call = syscall.map { "\($0)" } ?? "a system call"
      return
        "the command made a system call profile '\(profile)' does not allow (\(call), process \(process), killed by seccomp); learn from a profile that allows it"
    case .commandFailed(let ending, _):
      return
        "the command failed while learning (\(ending)), so the learned profile would be incomplete; fix the command, or pass --allow-failure to learn from a failing run"
    case .tracerOnlySyscalls(let names, let profile):
      return
        "the command used \(names.joined(separator: ", ")), which profile '\(profile)' does not allow (only the tracer's additions let it through); learn from a profile that allows it"
    case .learnedProfileRefused(let issue):
      return "the learned profile does not pass lint (\(issue)); please report this"
    case .verificationFailed(let ending, let expected, _):
      return
        "re-running the command under the learned profile \(ending), not \(expected); the run took a path the trace did not show; pass --no-verify to keep it anyway"
    case .write(let path, let code):
      return
        "could not write \(path): \(KernelNames.errnoName(code)) (\(String(cString: strerror(code)))); check the directory exists and is writable"
    }
  }
}
