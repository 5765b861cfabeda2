import Foundation

/// One thing `meta-agent doctor` looks at. A check may report several lines
/// (the workspace reports its config, key, database and audit chain).
protocol DoctorCheck: Sendable {
  /// The check's identifier, used for the line reported when it times out.
  var name: String { get }
  /// How long it may take before doctor reports it as hung and moves on.
  var timeoutSeconds: Double { get }
  func run() -> [DoctorFinding]
}

/// Runs checks one after another, each on its own thread with a deadline, so a
/// check stuck in the kernel, a locked database or a silent program cannot hang
/// doctor. A check that misses its deadline is abandoned (the process exits soon after).
enum DoctorRunner {
  static func run(_ checks: [any DoctorCheck]) -> [DoctorFinding] {
    checks.flatMap(run)
  }

  static func run(_ check: any DoctorCheck) -> [DoctorFinding] {
    let box = FindingsBox()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      box.set(check.run())
      done.signal()
    }
    thread.start()
    guard done.wait(timeout: .now() + check.timeoutSeconds) == .success else {
      return [
        .fail(
          check.name, "did not finish within \(formatSeconds(check.timeoutSeconds))",
          fix: "run `meta-agent doctor` again; if it hangs here again, the host is stuck on "
            + "what this check does (see docs/doctor.md)")
      ]
    }
    return box.get()
  }

  private static func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
  }
}

/// Carries a check's findings from its thread; the semaphore orders the accesses.
private final class FindingsBox: @unchecked Sendable {
  private let lock = NSLock()
  private var findings: [DoctorFinding] = []

  func set(_ value: [DoctorFinding]) { lock.withLock { findings = value } }
  func get() -> [DoctorFinding] { lock.withLock { findings } }
}
