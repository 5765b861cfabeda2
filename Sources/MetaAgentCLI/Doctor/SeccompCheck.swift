import Sandbox

/// Whether the kernel filters syscalls, which libseccomp builds the filters,
/// and whether the kernel can kill the whole process on a forbidden syscall,
/// the default action of every shipped profile.
struct SeccompCheck: DoctorCheck {
  let name = "seccomp"
  let timeoutSeconds = 5.0
  var procRoot = "/proc"

  func run() -> [DoctorFinding] {
    [kernel(), library(), killProcess()]
  }

  private func kernel() -> DoctorFinding {
    let check = "seccomp-kernel"
    guard let mode = SeccompSupport.kernelMode(statusFile: procRoot + "/self/status") else {
      return .fail(
        check,
        "\(procRoot)/self/status has no Seccomp field: this kernel was built without seccomp",
        fix: "use a kernel built with CONFIG_SECCOMP and CONFIG_SECCOMP_FILTER "
          + "(every mainstream distribution kernel is)")
    }
    let own =
      switch mode {
      case 0: "meta-agent itself runs unfiltered"
      case 1: "meta-agent itself runs in strict mode"
      default: "meta-agent itself already runs under a filter, which sandboxes add to"
      }
    return .ok(check, "the kernel supports seccomp filters (\(own))")
  }

  private func library() -> DoctorFinding {
    let check = "libseccomp"
    guard let version = SeccompSupport.libraryVersion() else {
      return .fail(
        check, "seccomp_version() returned nothing: the libseccomp in use is unusable",
        fix: "install libseccomp 2.4 or later (apt-get install libseccomp2)")
    }
    guard version >= SeccompSupport.killProcessLibraryVersion else {
      return .fail(
        check,
        "libseccomp \(version) predates \(SeccompSupport.killProcessLibraryVersion), "
          + "the first with SCMP_ACT_KILL_PROCESS",
        fix: "install libseccomp 2.4 or later (apt-get install libseccomp2), then rebuild")
    }
    return .ok(check, "libseccomp \(version), API level \(SeccompSupport.apiLevel())")
  }

  private func killProcess() -> DoctorFinding {
    let check = "seccomp-kill-process"
    let file = procRoot + "/sys/kernel/seccomp/actions_avail"
    guard let actions = SeccompSupport.availableActions(procRoot: procRoot) else {
      return .fail(
        check, "\(file) is unreadable: the kernel is older than 4.14 or hides it",
        fix: "use Linux 4.14 or later, where a forbidden syscall can kill the whole process "
          + "(SECCOMP_RET_KILL_PROCESS), not just one thread")
    }
    guard actions.contains("kill_process") else {
      return .fail(
        check,
        "\(file) does not list kill_process (it lists \(actions.sorted().joined(separator: " ")))",
        fix: "use Linux 4.14 or later; every shipped profile's default action is kill-process")
    }
    return .ok(check, "SECCOMP_RET_KILL_PROCESS is available (\(file))")
  }
}
