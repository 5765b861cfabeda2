import Foundation

/// What a container's exit code (and termination reason) says about why it stopped.
public enum ExitCodeMeaning: Equatable, Sendable {
  case success
  /// 1 and other small codes: the program reported an error.
  case applicationError(Int)
  /// 126: the command exists but cannot be executed (permissions, wrong architecture).
  case notExecutable
  /// 127: the command is not in the image / not in $PATH.
  case commandNotFound
  /// 137 with reason OOMKilled: the kernel killed it for exceeding its memory limit.
  case oomKilled
  /// 137 otherwise: SIGKILL from outside (liveness probe, eviction, grace period ran out).
  case killed
  /// 139: SIGSEGV, the program crashed on a memory access.
  case segmentationFault
  /// 143: SIGTERM, asked to stop (rollout, scale-down, preemption) or a probe restart.
  case terminated
  /// 128+N for another signal N.
  case signal(Int)

  public init(exitCode: Int, reason: String? = nil) {
    if reason == "OOMKilled" {
      self = .oomKilled
      return
    }
    switch exitCode {
    case 0: self = .success
    case 126: self = .notExecutable
    case 127: self = .commandNotFound
    case 137: self = .killed
    case 139: self = .segmentationFault
    case 143: self = .terminated
    case 129...159: self = .signal(exitCode - 128)
    default: self = .applicationError(exitCode)
    }
  }

  /// One phrase for evidence: "SIGKILL: killed for exceeding the memory limit (OOMKilled)".
  public var explanation: String {
    switch self {
    case .success: "exited successfully"
    case .applicationError(let code):
      code == 1
        ? "application error: the program exited with status 1"
        : "the program exited with status \(code)"
    case .notExecutable: "the command cannot be executed (permission denied or not a program)"
    case .commandNotFound: "command not found: the program is not in the image or not in $PATH"
    case .oomKilled: "SIGKILL: killed by the kernel for exceeding its memory limit (OOMKilled)"
    case .killed:
      "SIGKILL from outside the program: e.g. a failed liveness probe, an eviction, or a stop that outlived its grace period"
    case .segmentationFault: "SIGSEGV: the program crashed on an invalid memory access"
    case .terminated: "SIGTERM: the container was asked to stop"
    case .signal(let number): "killed by signal \(number)"
    }
  }
}
