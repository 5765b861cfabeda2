import Foundation
import Sandbox

/// Whether this host lets meta-agent create the namespaces every sandbox needs,
/// found by starting one (/usr/bin/true under the shipped `strict` profile) and,
/// when that fails, explained from the kernel switches that forbid it.
struct UserNamespaceCheck: DoctorCheck {
  let name = "user-namespaces"
  let timeoutSeconds = 15.0

  /// The failure steps where a refused user namespace shows (clone itself, or the
  /// first privileged step inside it when AppArmor strips the namespace's capabilities).
  static let namespaceSteps: Set<String> = [
    "clone", "write setgroups", "write uid_map", "write gid_map", "setgroups", "setresgid",
    "setresuid", "make mounts private", "mount base tmpfs",
  ]

  func run() -> [DoctorFinding] {
    let failure: String
    let step: String?
    do {
      let strict = try ProfileSource.resolve("strict", workspace: nil).profile
      let started = Date()
      let result = try SandboxLauncher.run(
        SandboxRequest(argv: ["/usr/bin/true"], profile: strict, wallTimeSeconds: 10))
      switch result.ending {
      case .exited(code: 0):
        let millis = Int(Date().timeIntervalSince(started) * 1000)
        return [
          .ok(
            name,
            "/usr/bin/true ran under the strict profile in new user, PID, mount, network, IPC, "
              + "UTS and cgroup namespaces (\(millis) ms)")
        ]
      case .setupFailed(let failedStep, _, _):
        (failure, step) = (result.ending.description, failedStep)
      default:
        (failure, step) = (
          "/usr/bin/true under the strict profile " + result.ending.description, nil
        )
      }
    } catch let error as SandboxError {
      if case .spawnFailed(let failedStep, _, _) = error {
        (failure, step) = (error.description, failedStep)
      } else {
        (failure, step) = ("could not start a sandbox: \(error)", nil)
      }
    } catch {
      (failure, step) = ("could not start a sandbox: \(error)", nil)
    }
    return [Self.finding(failure: failure, step: step, settings: .read())]
  }

  /// The FAIL line for a sandbox that did not start; the sysctls explain a refused namespace.
  static func finding(failure: String, step: String?, settings: UserNamespaceSettings)
    -> DoctorFinding
  {
    let remedy = UserNamespaceRemedy.explain(
      settings: settings, executable: BoundedProcess.realPath("/proc/self/exe"),
      isRoot: geteuid() == 0)
    if remedy.forbiddenBySwitch || step.map(namespaceSteps.contains) == true {
      return .fail("user-namespaces", "\(failure); \(remedy.cause)", fix: remedy.fix)
    }
    return .fail(
      "user-namespaces", failure,
      fix: "this is not a user-namespace restriction; run "
        + "`meta-agent sandbox run --profile strict --json -- /usr/bin/true` for the full report "
        + "(docs/doctor.md lists the causes)")
  }
}
