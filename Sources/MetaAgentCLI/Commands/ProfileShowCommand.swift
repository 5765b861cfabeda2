import ArgumentParser
import Foundation
import Sandbox

/// `meta-agent profile show NAME|FILE`: the effective policy, groups resolved and
/// the launcher's own rules included, so a reviewer sees everything in one place.
struct ProfileShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print the effective policy of a profile.",
    discussion: """
      NAME is a shipped profile (strict, python-mcp-tool, kubectl-readonly) or, with
      --workspace, a profile in <workspace>/sandbox-profiles/. Anything containing '/'
      or ending in .yaml is read as a file.
      """)

  @Argument(help: "A profile name or a path to a .yaml file.")
  var profile: String

  @Option(help: "Look names up in this workspace's sandbox-profiles/ instead of the shipped ones.")
  var workspace: String?

  @Flag(help: "Print the policy as JSON.")
  var json = false

  func validate() throws {
    if profile.isEmpty { throw ValidationError("give a profile name or file") }
  }

  func run() throws {
    let loaded: LoadedProfile
    do {
      loaded = try ProfileSource.locate(profile, workspace: workspace)
    } catch {
      printError(error.description)
      throw ExitCode.error
    }
    guard let sandboxProfile = loaded.profile else {
      for problem in loaded.errors { printError(problem.description) }
      throw ExitCode.error
    }
    let policy = EffectivePolicy(sandboxProfile, origin: loaded.file)
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(policy), as: UTF8.self))
    } else {
      print(render(policy), terminator: "")
    }
    let errors = ProfileLinter.issues(in: loaded).filter { $0.severity == .error }
    if !errors.isEmpty {
      for issue in errors { printError(issue.description) }
      printError(
        "\(loaded.file): this profile would be refused: \(errors.count) lint error(s); "
          + "fix each, or give a reason for it under `acknowledge` (docs/profiles.md)")
      throw ExitCode.error
    }
  }

  private func render(_ policy: EffectivePolicy) -> String {
    var out = "profile \(policy.name)  (\(policy.origin))\n"
    if !policy.description.isEmpty { out += "  \(policy.description)\n" }

    out += "\nfilesystem: a read-only root holding only these mounts\n"
    let width = min(48, policy.mounts.map(\.target.count).max() ?? 0)
    for mount in policy.mounts {
      let what = [mount.source.map { "from \($0)" }, mount.detail].compactMap { $0 }
      out += "  \(padded(mount.target, width))  \(padded(mount.kind, 9))  "
      out += what.joined(separator: ", ") + "\n"
    }
    out += "  working directory: \(policy.workingDirectory)\n"

    out += "\nnetwork: \(policy.network)\n"

    out += "\nenvironment: everything is scrubbed except\n"
    out += "  passed when set: \(list(policy.environmentPass))\n"
    let fixed = policy.environmentSet.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    out += "  set: \(list(fixed))\n"

    out += "\nexecutables: \(list(policy.executables))\n"

    out += "\nlimits\n"
    for limit in policy.limits { out += "  \(padded(limit.name, 13))  \(limit.value)\n" }

    let seccomp = policy.seccomp
    out += "\nseccomp: default action \(seccomp.defaultAction)\n"
    out += "  allowed (\(seccomp.allowed.count)):\n"
    let nameWidth = seccomp.allowed.map(\.name.count).max() ?? 0
    for syscall in seccomp.allowed {
      out += "    \(padded(syscall.name, nameWidth))  \(syscall.from.joined(separator: ", "))\n"
    }
    out += "  answered with an error:\n"
    for answer in seccomp.errno {
      out += "    \(answer.syscall) -> \(answer.errno)  (\(answer.from))\n"
    }
    out += "  socket families: \(list(seccomp.socketFamilies))\n"
    out += "  argument conditions added by the launcher:\n"
    for condition in seccomp.conditions { out += "    \(condition)\n" }
    if seccomp.conditions.isEmpty { out += "    none (clone, ioctl and socket are not allowed)\n" }

    out +=
      "\ncapabilities kept: \(policy.capabilities.isEmpty ? "none (all dropped)" : list(policy.capabilities))\n"
    out += "acknowledged:"
    if policy.acknowledgements.isEmpty { out += " nothing" }
    out += "\n"
    for (item, reason) in policy.acknowledgements.sorted(by: { $0.key < $1.key }) {
      out += "  \(item): \(reason)\n"
    }
    return out
  }

  private func list(_ items: [String]) -> String {
    items.isEmpty ? "none" : items.joined(separator: ", ")
  }

  private func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}
