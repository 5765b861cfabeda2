/// One problem the linter found in a profile, with where it is and how to fix it.
public struct ProfileIssue: Sendable, Equatable, CustomStringConvertible {
  public enum Severity: String, Sendable, Equatable {
    /// The profile must not be used until this is fixed.
    case error
    /// Probably a mistake; the profile still works.
    case warning
  }

  public var severity: Severity
  public var file: String
  public var line: Int?
  public var field: String
  public var message: String
  public var fix: String

  public init(
    _ severity: Severity, file: String, line: Int?, field: String, message: String, fix: String
  ) {
    self.severity = severity
    self.file = file
    self.line = line
    self.field = field
    self.message = message
    self.fix = fix
  }

  /// A load error as an issue: every load error is an error.
  public init(_ error: ProfileError) {
    self.init(
      .error, file: error.file, line: error.line, field: error.field, message: error.message,
      fix: error.fix)
  }

  /// `file:line: field: message (fix: …)`, with `warning: ` before the message of warnings.
  public var description: String {
    let text = severity == .warning ? "warning: \(message)" : message
    return renderIssue(file: file, line: line, field: field, message: text, fix: fix)
  }
}

/// Checks a profile beyond its syntax: dangerous settings without a written
/// acknowledgement, programs that would not exist inside, limits that cannot
/// be meant, and seccomp rules that contradict the network mode.
public enum ProfileLinter {
  /// Every issue in the profile file at `file`; a file that cannot be loaded yields its load errors.
  public static func lint(file: String) -> [ProfileIssue] {
    issues(in: ProfileLoader.read(file: file))
  }

  /// Every issue in `yaml`, reported against `file`.
  public static func lint(yaml: String, file: String, expectedName: String? = nil) -> [ProfileIssue]
  {
    issues(in: ProfileLoader.read(yaml: yaml, file: file, expectedName: expectedName))
  }

  /// Every issue in a profile that was already read (its load errors, or the lint findings).
  public static func issues(in loaded: LoadedProfile) -> [ProfileIssue] {
    let found: [ProfileIssue]
    if let profile = loaded.profile {
      var check = LintPass(profile: profile, loaded: loaded)
      check.run()
      found = check.issues
    } else {
      found = loaded.errors.map(ProfileIssue.init)
    }
    // Top to bottom like the file; issues about unwritten defaults have no line and come last.
    return found.enumerated().sorted {
      ($0.element.line ?? Int.max, $0.offset) < ($1.element.line ?? Int.max, $1.offset)
    }.map(\.element)
  }

  /// Environment variable names that usually carry credentials.
  public static func looksSecret(_ variable: String) -> Bool {
    let name = variable.uppercased()
    let exact = ["KUBECONFIG", "SSH_AUTH_SOCK", "GOOGLE_APPLICATION_CREDENTIALS"]
    let fragments = ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL"]
    return exact.contains(name) || name.hasPrefix("AWS_") || name.hasSuffix("_KEY")
      || fragments.contains { name.contains($0) }
  }

  /// Host paths whose read-only bind would show a person's files or secrets inside.
  static func exposesHostSecrets(_ source: String) -> Bool {
    let sensitive = ["/root", "/home", "/run/secrets", "/var/run/secrets", "/etc/shadow"]
    return source == "/" || sensitive.contains { source == $0 || source.hasPrefix($0 + "/") }
  }
}

/// One run of the lint rules over one profile.
private struct LintPass {
  let profile: SandboxProfile
  let loaded: LoadedProfile
  var issues: [ProfileIssue] = []
  /// Acknowledgement keys some dangerous setting used; the rest are stale.
  var usedAcknowledgements: Set<String> = []

  init(profile: SandboxProfile, loaded: LoadedProfile) {
    self.profile = profile
    self.loaded = loaded
  }

  mutating func run() {
    checkCapabilities()
    checkSyscalls()
    checkFilesystem()
    checkEnvironment()
    checkExecutables()
    checkNetwork()
    checkLimits()
    checkStaleAcknowledgements()
  }

  // MARK: Dangerous settings

  private mutating func checkCapabilities() {
    for (index, capability) in profile.capabilities.enumerated() {
      requireAcknowledgement(
        capability, field: "capabilities[\(index)]",
        danger: "keeping \(capability) gives the sandboxed program kernel privileges",
        removal: "remove it from capabilities")
    }
  }

  private mutating func checkSyscalls() {
    let seccomp = profile.seccomp
    if seccomp.defaultAction == .errno {
      warn(
        "seccomp.default_action",
        "a syscall outside the allow-list fails quietly with EPERM, which hides a missing entry",
        fix: "use kill-process so a gap shows as a SIGSYS you can trace and fix")
    }
    var seenSingles: [String: Int] = [:]
    for (index, entry) in seccomp.allow.enumerated() {
      let field = "seccomp.allow[\(index)]"
      if let earlier = seenSingles[entry] {
        warn(field, "'\(entry)' is listed twice", fix: "remove the entry at allow[\(earlier)]")
        continue
      }
      seenSingles[entry] = index
      if entry.hasPrefix("@") {
        let members = SyscallGroups.groups[entry] ?? []
        for member in members where SyscallGroups.dangerous.contains(member) {
          requireAcknowledgement(
            member, field: field, danger: "group \(entry) contains the dangerous syscall \(member)",
            removal: "drop \(entry) and list what you need singly")
        }
        continue
      }
      if SyscallGroups.dangerous.contains(entry) {
        requireAcknowledgement(
          entry, field: field,
          danger: "\(entry) is a dangerous syscall (a way out of the sandbox or into the kernel)",
          removal: "remove it from seccomp.allow, or answer it with seccomp.errno")
      }
      if let group = seccomp.allow.first(where: { (SyscallGroups.groups[$0] ?? []).contains(entry) }
      ) {
        warn(field, "'\(entry)' is already in \(group)", fix: "remove the single entry")
      }
    }
    let allowed = Set(SyscallGroups.expand(seccomp.allow).syscalls)
    if !allowed.contains("execve") {
      error(
        "seccomp.allow", "execve is not allowed, so the sandbox could not start the program",
        fix: "add execve to seccomp.allow")
    }
    // Answering one member of an allowed group with an error is a deliberate carve-out;
    // listing the same syscall by name in both places is a contradiction.
    for syscall in seccomp.errno.keys.sorted() where seccomp.allow.contains(syscall) {
      error(
        "seccomp.errno.\(syscall)",
        "\(syscall) is listed in seccomp.allow and answered with an error; the error wins",
        fix: "remove it from seccomp.allow or from seccomp.errno")
    }
  }

  private mutating func checkFilesystem() {
    let filesystem = profile.filesystem
    for (index, bind) in filesystem.writable.enumerated() {
      requireAcknowledgement(
        bind.source, field: "filesystem.writable[\(index)]",
        danger: "the host path \(bind.source) would be writable from inside the sandbox",
        removal: "use a tmpfs, or bind it under read_only")
    }
    for (index, bind) in filesystem.readOnly.enumerated()
    where ProfileLinter.exposesHostSecrets(bind.source) {
      requireAcknowledgement(
        bind.source, field: "filesystem.read_only[\(index)]",
        danger: "binding \(bind.source) shows people's files and credentials inside the sandbox",
        removal: "bind only the directories the program needs")
    }
    var targets: [String: String] = [:]
    let mounts =
      filesystem.readOnly.enumerated().map { ("filesystem.read_only[\($0)]", $1.target) }
      + filesystem.writable.enumerated().map { ("filesystem.writable[\($0)]", $1.target) }
      + filesystem.tmpfs.enumerated().map { ("filesystem.tmpfs[\($0)]", $1.path) }
    for (field, target) in mounts {
      if target == "/" {
        error(
          field, "nothing may be mounted at /: the launcher builds the root itself",
          fix: "mount the directories you need at their own paths")
      }
      if let earlier = targets[target] {
        error(
          field, "\(target) is already mounted by \(earlier); the later mount would hide it",
          fix: "keep one of the two")
      }
      targets[target] = field
    }
    for (index, mount) in filesystem.tmpfs.enumerated() where mount.sizeBytes == 0 {
      warn(
        "filesystem.tmpfs[\(index)]", "a tmpfs of size 0 has no room for anything",
        fix: "give it a size such as 1MiB, or remove it")
    }
    let directory = filesystem.workingDirectory
    let procMounted = filesystem.proc != .none && isInside(directory, "/proc")
    if directory != "/" && !procMounted
      && !mounts.contains(where: { isInside(directory, $0.1) })
    {
      error(
        "filesystem.working_directory", "\(directory) would not exist inside the sandbox",
        fix: "use a tmpfs path such as /tmp, or a directory under one of the binds")
    }
  }

  private mutating func checkEnvironment() {
    let environment = profile.environment
    for (index, name) in environment.pass.enumerated() where ProfileLinter.looksSecret(name) {
      requireAcknowledgement(
        name, field: "environment.pass[\(index)]",
        danger: "\(name) looks like a credential and would be copied into the sandbox",
        removal: "remove it; the sandbox reaches the cluster through the gateway, not with keys")
    }
    for name in environment.set.keys.sorted() where ProfileLinter.looksSecret(name) {
      requireAcknowledgement(
        name, field: "environment.set.\(name)",
        danger: "\(name) looks like a credential written into the profile",
        removal: "remove it; never write secrets into a profile")
    }
    for (index, name) in environment.pass.enumerated() where environment.set[name] != nil {
      warn(
        "environment.pass[\(index)]", "\(name) is both passed and set; the set value wins",
        fix: "keep it in one place")
    }
  }

  private mutating func checkExecutables() {
    let filesystem = profile.filesystem
    if profile.executables.isEmpty {
      warn(
        "executables", "no executables are listed, so the sandbox can start no program",
        fix: "list the program, e.g. executables: [/usr/bin/true]")
    }
    for (index, program) in profile.executables.enumerated() {
      let field = "executables[\(index)]"
      if filesystem.readOnly.contains(where: { isInside(program, $0.target) }) { continue }
      if filesystem.writable.contains(where: { isInside(program, $0.target) })
        || filesystem.tmpfs.contains(where: { isInside(program, $0.path) })
      {
        error(
          field, "\(program) is on a writable mount, so the sandbox could replace it",
          fix: "bind the program under filesystem.read_only")
      } else {
        error(
          field, "\(program) is not under any read_only bind, so it would not exist inside",
          fix: "add \(program) (or its directory) to filesystem.read_only")
      }
    }
  }

  private mutating func checkNetwork() {
    let families = Set(profile.seccomp.socketFamilies)
    let hasInet = families.contains("inet") || families.contains("inet6")
    switch profile.network {
    case .loopback, .kubeGateway:
      if !hasInet {
        error(
          "network",
          "network: \(profile.network.rawValue) needs TCP, but socket_families has no inet",
          fix: "add inet to seccomp.socket_families")
      }
    case .none:
      if hasInet {
        warn(
          "seccomp.socket_families", "inet sockets are allowed but network is none",
          fix: "remove inet and inet6 from socket_families, or choose a network mode")
      }
    }
  }

  private mutating func checkLimits() {
    let limits = profile.limits
    let checks:
      [(field: String, value: Double, zeroMeans: String, ceiling: Double, shown: String)] =
        [
          ("cpu_seconds", Double(limits.cpuSeconds), "is killed at once", 86_400, "a day of CPU"),
          ("memory", Double(limits.memoryBytes), "cannot even load", 64 * 1_073_741_824, "64GiB"),
          ("processes", Double(limits.processes), "cannot start", 10_000, "10000 processes"),
          ("open_files", Double(limits.openFiles), "cannot open anything", 1_048_576, "2^20 files"),
          (
            "file_size", Double(limits.fileSizeBytes), "cannot write any file", 1_099_511_627_776,
            "1TiB"
          ),
          ("wall_time", limits.wallTimeSeconds, "is stopped at once", 86_400, "a day"),
          (
            "output_bytes", Double(limits.outputBytes), "has all output dropped", 1_073_741_824,
            "1GiB"
          ),
        ]
    for check in checks {
      let field = "limits.\(check.field)"
      if check.value == 0 {
        warn(field, "0 means the program \(check.zeroMeans)", fix: "set a real limit")
      } else if check.value > check.ceiling {
        warn(
          field, "more than \(check.shown) is no limit at all",
          fix: "set what the program needs, measured, with some headroom")
      }
    }
    if limits.memoryBytes > 0 && limits.memoryBytes < 16 << 20 {
      warn(
        "limits.memory",
        "\(ByteSize.format(limits.memoryBytes)) of address space is too little to load most programs",
        fix: "measure VmPeak of the program and allow a little more")
    }
  }

  private mutating func checkStaleAcknowledgements() {
    for key in profile.acknowledgements.keys.sorted() where !usedAcknowledgements.contains(key) {
      warn(
        "acknowledge.\(key)", "acknowledges '\(key)', which this profile does not use",
        fix: "remove the stale acknowledgement")
    }
  }

  // MARK: Helpers

  /// An error at `field` unless the profile acknowledges `item` with a written reason.
  private mutating func requireAcknowledgement(
    _ item: String, field: String, danger: String, removal: String
  ) {
    guard let reason = profile.acknowledgements[item] else {
      error(
        field, "\(danger), and the profile does not acknowledge it",
        fix: "\(removal), or add `acknowledge: { \(item): \"why this is needed\" }`")
      return
    }
    usedAcknowledgements.insert(item)
    if reason.trimmingWhitespace().isEmpty {
      error(
        "acknowledge.\(item)", "the acknowledgement of \(item) gives no reason",
        fix: "write why the program needs \(item)")
    }
  }

  private mutating func error(_ field: String, _ message: String, fix: String) {
    issues.append(
      ProfileIssue(
        .error, file: loaded.file, line: loaded.line(of: field), field: field, message: message,
        fix: fix))
  }

  private mutating func warn(_ field: String, _ message: String, fix: String) {
    issues.append(
      ProfileIssue(
        .warning, file: loaded.file, line: loaded.line(of: field), field: field, message: message,
        fix: fix))
  }
}

/// Whether `path` is `directory` itself or lies below it.
private func isInside(_ path: String, _ directory: String) -> Bool {
  directory == "/" || path == directory || path.hasPrefix(directory + "/")
}
