/// Turns what a traced run did into the tightest profile that lets it run,
/// starting from the profile it was traced under and never wider than it.
struct LearnedProfileBuilder {
  let from: SandboxProfile
  let observations: TraceObservations
  /// The command's executable, resolved inside the sandbox.
  let executable: String

  /// What the builder decided that a reviewer should know.
  struct Outcome {
    var profile: SandboxProfile
    var groups: [String]
    var singles: [String]
    var notes: [String]
  }

  /// Syscalls the launcher's filter always lets through, whatever a profile allows.
  static let launcherAllowed: Set<String> = ["execve", "exit_group"]

  /// The syscalls `profile` lets run (groups expanded, the launcher's own
  /// included), and those it answers with an error instead.
  static func policy(of profile: SandboxProfile) -> (allowed: Set<String>, answered: Set<String>) {
    let spec = profile.seccomp
    var answered = Set(spec.errno.keys)
    for name in SyscallGroups.defaultErrno.keys where !spec.allow.contains(name) {
      answered.insert(name)
    }
    let allowed = Set(SyscallGroups.expand(spec.allow).syscalls).union(Self.launcherAllowed)
      .subtracting(answered)
    return (allowed, answered)
  }

  func build(name: String, description: String) throws(LearnError) -> Outcome {
    let (allowed, answered) = Self.policy(of: from)
    let used = observations.syscalls
    let outside = used.subtracting(allowed).subtracting(answered)
    var notes: [String] = []
    if !outside.isEmpty {
      guard from.seccomp.defaultAction == .errno else {
        throw .tracerOnlySyscalls(outside.sorted(), profile: from.name)
      }
      notes.append(
        "\(outside.sorted().joined(separator: ", ")) failed with EPERM under --from's default action and stay out"
      )
    }
    var syscalls = used.intersection(allowed)
    syscalls.insert("execve")
    let (groups, singles) = Self.group(syscalls)

    var profile = from
    profile.name = name
    profile.description = description
    let reduced = BindReducer(filesystem: from.filesystem).reduce(
      paths: neededPaths(), listed: observations.listedDirectories)
    profile.filesystem.readOnly = reduced.readOnly
    profile.filesystem.writable = reduced.writable
    let usedProc = observations.paths.contains { BindReducer.isInside($0, "/proc") }
    if !usedProc { profile.filesystem.proc = .none }
    profile.executables = [executable]
    profile.seccomp.allow = groups + singles

    let families = observations.socketFamilies.intersection(from.seccomp.socketFamilies)
    let network = families.contains { $0 != "unix" }
    profile.network = network ? from.network : .none
    var kept = from.seccomp.socketFamilies.filter { families.contains($0) }
    if profile.network != .none && !kept.contains("inet")
      && from.seccomp.socketFamilies.contains("inet")
    {
      kept.append("inet")  // lint: a network mode needs inet sockets
    }
    profile.seccomp.socketFamilies = syscalls.contains("socket") ? kept : []
    if network {
      notes.append(
        "network: \(from.network.rawValue), as --from has it, because the command made \(families.filter { $0 != "unix" }.sorted().joined(separator: ", ")) sockets"
      )
    }
    let answeredUsed = used.intersection(answered).sorted()
    if !answeredUsed.isEmpty {
      notes.append(
        "\(answeredUsed.joined(separator: ", ")) got --from's error answer and keep it (not allowed)"
      )
    }
    return Outcome(profile: profile, groups: groups, singles: singles, notes: notes)
  }

  /// The traced paths, plus the loaders and interpreters the kernel opened
  /// for each program started (execve does not show them).
  func neededPaths() -> Set<String> {
    var paths = observations.paths
    for program in observations.executed {
      var current = program
      // A script's interpreter may itself be a script or a dynamic ELF program.
      for _ in 0..<4 {
        guard let host = hostPath(of: current), let next = ProgramInterpreter.of(host) else {
          break
        }
        paths.insert(next)
        current = next
      }
    }
    return paths
  }

  /// The host file behind an inside path, through --from's binds.
  private func hostPath(of inside: String) -> String? {
    let binds = from.filesystem.readOnly + from.filesystem.writable
    let owner = binds.filter { BindReducer.isInside(inside, $0.target) }
      .max { $0.target.count < $1.target.count }
    return owner.map { BindReducer.hostPath(of: inside, under: $0) }
  }

  /// Whole groups that were used, and the rest singly, both sorted.
  static func group(_ syscalls: Set<String>) -> (groups: [String], singles: [String]) {
    var groups: [String] = []
    var covered = Set<String>()
    for (group, members) in SyscallGroups.groups.sorted(by: { $0.key < $1.key })
    where Set(members).isSubset(of: syscalls) {
      groups.append(group)
      covered.formUnion(members)
    }
    return (groups, syscalls.subtracting(covered).sorted())
  }
}
