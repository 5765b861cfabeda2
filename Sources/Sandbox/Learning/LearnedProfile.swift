/// A profile learned from one run of a command, with what it was learned from
/// and how it was checked.
public struct LearnedProfile: Sendable {
  public var profile: SandboxProfile
  /// The profile as YAML, ready to write; it loads back to `profile` and lints clean.
  public var yaml: String
  /// Whole syscall groups and single syscalls in `profile.seccomp.allow`.
  public var groups: [String]
  public var singles: [String]
  /// Everything the learner saw in the trace.
  public var observations: TraceObservations
  /// How the traced run ended.
  public var learningEnding: SandboxEnding
  /// How the command ended when re-run under the learned profile (nil: not checked).
  public var verification: SandboxEnding?
  /// Lint warnings on the learned profile (it has no errors).
  public var warnings: [String]
  /// Decisions a reviewer should know about (network kept, calls left out...).
  public var notes: [String]

  /// The number of distinct syscalls the profile allows.
  public var syscallCount: Int { SyscallGroups.expand(profile.seccomp.allow).syscalls.count }

  /// A short account for a person: syscalls, paths, network, checks.
  public func summaryLines() -> [String] {
    var lines = [
      "learned '\(profile.name)': \(syscallCount) syscalls in \(groups.count) groups + \(singles.count) singles"
        + (groups.isEmpty ? "" : " (\(groups.joined(separator: ", ")))")
    ]
    let binds = profile.filesystem.readOnly.map(\.target)
    lines.append(
      "paths (read-only): " + (binds.isEmpty ? "none" : binds.joined(separator: ", ")))
    if !profile.filesystem.writable.isEmpty {
      lines.append(
        "paths (writable): " + profile.filesystem.writable.map(\.target).joined(separator: ", "))
    }
    lines.append("proc: \(profile.filesystem.proc.rawValue)")
    var network = "network: \(profile.network.rawValue)"
    if profile.network == .none {
      network +=
        observations.socketFamilies.isEmpty
        ? " (no sockets)"
        : " (sockets: \(observations.socketFamilies.sorted().joined(separator: ", ")))"
    }
    lines.append(network)
    if !observations.refusedSocketFamilies.isEmpty {
      lines.append(
        "refused while learning and still refused: \(observations.refusedSocketFamilies.sorted().joined(separator: ", ")) sockets"
      )
    }
    if !observations.connections.isEmpty {
      lines.append("connected to: " + observations.connections.prefix(5).joined(separator: "; "))
    }
    if observations.unplacedPaths > 0 {
      lines.append(
        "\(observations.unplacedPaths) relative lookups could not be placed and were left out")
    }
    lines += notes
    lines += warnings.map { "lint: \($0)" }
    switch verification {
    case .some(let ending): lines.append("checked: lint clean; the command under it \(ending)")
    case .none: lines.append("checked: lint clean; not re-run (--no-verify)")
    }
    return lines
  }
}
