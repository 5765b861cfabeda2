import Glibc

/// Why a sandbox could not be prepared or started. Nothing has run when one of
/// these is thrown, except for `spawnFailed`, where the child died in setup.
public enum SandboxError: Error, Equatable, Sendable, CustomStringConvertible {
  case unknownSyscall(String)
  case unknownSyscallGroup(String)
  case unknownErrno(String)
  case unknownSocketFamily(String)
  case unknownCapability(String)
  case seccomp(step: String, errno: Int32)
  case executableNotAllowed(String, allowed: [String])
  case emptyCommand
  case missingBindSource(String)
  case relativePath(field: String, path: String)
  case unsupportedNetwork(String)
  case pipe(step: String, errno: Int32)
  case cgroup(step: String, errno: Int32)
  /// The child failed between clone and execve: which step, with which errno.
  case spawnFailed(step: String, errno: Int32, detail: String?)

  public var description: String {
    switch self {
    case .unknownSyscall(let name):
      return "unknown syscall '\(name)' on this architecture; check the spelling (man 2 syscalls)"
    case .unknownSyscallGroup(let name):
      let known = SyscallGroups.groups.keys.sorted().joined(separator: ", ")
      return "unknown syscall group '\(name)'; known groups: \(known)"
    case .unknownErrno(let name):
      return
        "unknown errno name '\(name)'; use one of \(KernelNames.errnos.keys.sorted().joined(separator: ", "))"
    case .unknownSocketFamily(let name):
      return
        "unknown socket family '\(name)'; use one of \(KernelNames.socketFamilies.keys.sorted().joined(separator: ", "))"
    case .unknownCapability(let name):
      return "unknown capability '\(name)'; use names like CAP_NET_BIND_SERVICE"
    case .seccomp(let step, let code):
      return
        "building the seccomp filter failed at \(step): \(KernelNames.errnoName(code)) (\(String(cString: strerror(code)))); run `meta-agent doctor` to check seccomp support"
    case .executableNotAllowed(let path, let allowed):
      return
        "'\(path)' is not among the profile's executables (\(allowed.joined(separator: ", "))); add it to 'executables' or pick another profile"
    case .emptyCommand:
      return "no command given; put it after --, e.g. -- /usr/bin/true"
    case .missingBindSource(let path):
      return
        "the host path '\(path)' to bind does not exist; create it or remove it from the profile"
    case .relativePath(let field, let path):
      return "\(field): '\(path)' must be an absolute path; write it starting with /"
    case .unsupportedNetwork(let mode):
      return
        "network mode '\(mode)' needs the Kubernetes gateway, which this run does not provide; use a profile with network: none or loopback"
    case .pipe(let step, let code):
      return
        "could not \(step): \(KernelNames.errnoName(code)) (\(String(cString: strerror(code)))); check the open-file limit (ulimit -n) and free memory, then try again"
    case .cgroup(let step, let code):
      return
        "could not set up the sandbox's cgroup (\(step)): \(KernelNames.errnoName(code)) (\(String(cString: strerror(code)))); unset META_AGENT_CGROUP to use rlimits only"
    case .spawnFailed(let step, let code, let detail):
      let what = detail.map { "\(step) \($0)" } ?? step
      if step == "execve" {
        return
          "sandbox could not start the program (\(what)): \(KernelNames.errnoName(code)) (\(String(cString: strerror(code)))); check that the path exists inside the profile's mounts (`meta-agent profile show PROFILE`)"
      }
      return
        "sandbox setup failed at \(what): \(KernelNames.errnoName(code)) (\(String(cString: strerror(code)))); run `meta-agent doctor` to see what this host lacks"
    }
  }
}
