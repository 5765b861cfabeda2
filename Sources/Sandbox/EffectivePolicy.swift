/// What a profile amounts to once groups are expanded and the launcher's fixed
/// rules are added: the view `meta-agent profile show` prints, as text or JSON.
public struct EffectivePolicy: Sendable, Equatable, Codable {
  public struct Mount: Sendable, Equatable, Codable {
    /// `read-only`, `writable`, `tmpfs`, `proc` or `dev`.
    public var kind: String
    /// The host path, for binds.
    public var source: String?
    public var target: String
    /// Human-readable size or options, for tmpfs, proc and dev.
    public var detail: String?
  }

  public struct Limit: Sendable, Equatable, Codable {
    public var name: String
    /// As a person would write it: `512MiB`, `30s`, `16`.
    public var value: String
    public var raw: Double
  }

  public struct AllowedSyscall: Sendable, Equatable, Codable {
    public var name: String
    /// The groups that brought it in, and `listed` when it is named singly.
    public var from: [String]
  }

  public struct ErrnoAnswer: Sendable, Equatable, Codable {
    public var syscall: String
    public var errno: String
    /// `profile` or `launcher default`.
    public var from: String
  }

  public struct Seccomp: Sendable, Equatable, Codable {
    public var defaultAction: String
    public var allowed: [AllowedSyscall]
    public var errno: [ErrnoAnswer]
    public var socketFamilies: [String]
    /// Argument conditions the launcher adds to allowed syscalls, in words.
    public var conditions: [String]
  }

  public var name: String
  public var description: String
  public var origin: String
  public var mounts: [Mount]
  public var workingDirectory: String
  public var network: String
  public var environmentPass: [String]
  public var environmentSet: [String: String]
  public var executables: [String]
  public var limits: [Limit]
  public var seccomp: Seccomp
  public var capabilities: [String]
  public var acknowledgements: [String: String]

  public init(_ profile: SandboxProfile, origin: String) {
    name = profile.name
    description = profile.description
    self.origin = origin
    mounts = Self.mounts(of: profile.filesystem)
    workingDirectory = profile.filesystem.workingDirectory
    network = profile.network.rawValue
    environmentPass = profile.environment.pass
    environmentSet = profile.environment.set
    executables = profile.executables
    let limits = profile.limits
    self.limits = [
      Limit(name: "cpu_seconds", value: "\(limits.cpuSeconds)s", raw: Double(limits.cpuSeconds)),
      Limit(
        name: "memory", value: ByteSize.format(limits.memoryBytes), raw: Double(limits.memoryBytes)),
      Limit(name: "processes", value: "\(limits.processes)", raw: Double(limits.processes)),
      Limit(name: "open_files", value: "\(limits.openFiles)", raw: Double(limits.openFiles)),
      Limit(
        name: "file_size", value: ByteSize.format(limits.fileSizeBytes),
        raw: Double(limits.fileSizeBytes)),
      Limit(
        name: "wall_time", value: DurationText.format(limits.wallTimeSeconds),
        raw: limits.wallTimeSeconds),
      Limit(
        name: "output_bytes", value: ByteSize.format(UInt64(max(0, limits.outputBytes))),
        raw: Double(limits.outputBytes)),
    ]
    seccomp = Self.seccomp(of: profile.seccomp)
    capabilities = profile.capabilities
    acknowledgements = profile.acknowledgements
  }

  private static func mounts(of filesystem: SandboxProfile.Filesystem) -> [Mount] {
    var mounts =
      filesystem.readOnly.map {
        Mount(
          kind: $0.optional ? "read-only, optional" : "read-only", source: $0.source,
          target: $0.target)
      }
      + filesystem.writable.map { Mount(kind: "writable", source: $0.source, target: $0.target) }
      + filesystem.tmpfs.map {
        Mount(kind: "tmpfs", target: $0.path, detail: "size \(ByteSize.format($0.sizeBytes))")
      }
    switch filesystem.proc {
    case .pidOnly:
      mounts.append(Mount(kind: "proc", target: "/proc", detail: "this sandbox's processes only"))
    case .full:
      mounts.append(Mount(kind: "proc", target: "/proc", detail: "full, own PID namespace"))
    case .none:
      break
    }
    mounts.append(
      Mount(
        kind: "dev", target: "/dev",
        detail: "null zero full random urandom, fd stdin stdout stderr links"))
    return mounts.sorted { $0.target < $1.target }
  }

  private static func seccomp(of spec: SandboxProfile.Seccomp) -> Seccomp {
    var sources: [String: [String]] = [:]
    for entry in spec.allow {
      let members = entry.hasPrefix("@") ? SyscallGroups.groups[entry] ?? [] : [entry]
      let label = entry.hasPrefix("@") ? entry : "listed"
      for member in members where !(sources[member] ?? []).contains(label) {
        sources[member, default: []].append(label)
      }
    }
    // The launcher answers these instead of allowing them (see SeccompCompiler).
    var answers: [ErrnoAnswer] = spec.errno.map {
      ErrnoAnswer(syscall: $0, errno: $1, from: "profile")
    }
    for (syscall, errno) in SyscallGroups.defaultErrno where spec.errno[syscall] == nil {
      let listedByName = sources[syscall]?.contains("listed") ?? false
      if !listedByName {
        answers.append(ErrnoAnswer(syscall: syscall, errno: errno, from: "launcher default"))
      }
    }
    let answered = Set(answers.map(\.syscall))
    let allowed = sources.keys.filter { !answered.contains($0) }.sorted().map {
      AllowedSyscall(name: $0, from: sources[$0] ?? [])
    }
    let allowedNames = Set(allowed.map(\.name))
    var conditions: [String] = []
    if allowedNames.contains("clone") {
      conditions.append(
        "clone: only without namespace flags (CLONE_NEWUSER, NEWNS, NEWPID, NEWNET, NEWIPC, "
          + "NEWUTS, NEWCGROUP, NEWTIME); with any of them it meets the default action")
    }
    if allowedNames.contains("ioctl") {
      conditions.append("ioctl: TIOCSTI and TIOCLINUX are refused with EPERM")
    }
    if allowedNames.contains("socket") {
      let families =
        spec.socketFamilies.isEmpty ? "none" : spec.socketFamilies.joined(separator: ", ")
      conditions.append(
        "socket: families \(families) only; other known families fail with EAFNOSUPPORT")
    }
    for name in ["execve", "exit_group"] where !allowedNames.contains(name) {
      conditions.append("\(name): allowed by the launcher, which needs it to start the program")
    }
    if !allowedNames.contains("write") {
      conditions.append(
        "write: only to fd \(SeccompCompiler.reportFD), where the launcher reports a failed execve "
          + "(closed once the program runs)")
    }
    return Seccomp(
      defaultAction: spec.defaultAction.rawValue, allowed: allowed,
      errno: answers.sorted { $0.syscall < $1.syscall }, socketFamilies: spec.socketFamilies,
      conditions: conditions)
  }
}
