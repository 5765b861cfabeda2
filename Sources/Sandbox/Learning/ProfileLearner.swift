import Foundation
import Glibc

/// Learns the tightest profile that lets a command run: runs it under strace
/// inside a learning variant of a profile (every sandbox layer kept), reads
/// the trace, narrows the profile to what the run did, lints the result and
/// re-runs the command under it. See docs/profiles.md, "Learning a profile".
public enum ProfileLearner {
  /// How many lines of the command's stderr a failure shows.
  static let stderrTailLines = 10

  public static func learn(_ request: LearnRequest) throws(LearnError) -> LearnedProfile {
    let from = request.from
    if from.network == .kubeGateway {
      throw .unsupportedNetwork(profile: from.name, mode: from.network.rawValue)
    }
    guard let first = request.argv.first, !first.isEmpty else { throw .sandbox(.emptyCommand) }
    let executable: String
    do throws(SandboxError) {
      executable = try SandboxLauncher.resolveExecutable(first, in: from)
    } catch {
      throw .sandbox(error)
    }
    let tracer = try Tracer.locate(request.tracer)
    let traceDirectory = try makeTraceDirectory()
    defer { try? FileManager.default.removeItem(atPath: traceDirectory) }

    let command = [executable] + request.argv.dropFirst()
    let learning: SandboxResult
    do throws(SandboxError) {
      learning = try SandboxLauncher.run(
        SandboxRequest(
          argv: tracer.argv(tracing: command),
          profile: learningVariant(of: from, tracer: tracer, traceDirectory: traceDirectory),
          hiddenPaths: request.hiddenPaths, environment: request.environment,
          stdin: request.stdin, wallTimeSeconds: request.wallTimeSeconds.map { $0 * 2 + 5 }))
    } catch {
      throw .sandbox(error)
    }
    let observations = try TraceReader.read(
      directory: traceDirectory, prefix: Tracer.tracePrefix,
      workingDirectory: from.filesystem.workingDirectory)
    let tail = tailLines(learning.stderr.text)
    guard observations.processCount > 0, observations.executed.first == executable else {
      throw .noTrace(ending: learning.ending, stderrTail: tail)
    }
    let failed = learning.ending != .exited(code: 0)
    // seccomp kills every thread of a process; the one to name is in a call --from refuses.
    let allowed = LearnedProfileBuilder.policy(of: from).allowed
    let refused = observations.seccompKills.first { kill in
      kill.syscall.map { !allowed.contains($0) } ?? false
    }
    if failed, let kill = refused ?? observations.seccompKills.first {
      throw .refusedByFrom(profile: from.name, syscall: kill.syscall, process: kill.process)
    }
    if failed && !request.allowFailure {
      throw .commandFailed(ending: learning.ending, stderrTail: tail)
    }

    let name = request.name ?? from.name + "-learned"
    let builder = LearnedProfileBuilder(
      from: from, observations: observations, executable: executable)
    var outcome = try builder.build(
      name: name, description: description(of: request, command: command))
    if failed {
      outcome.notes.append(
        "the command \(learning.ending) while learning (--allow-failure): the profile covers only what it did until then"
      )
    }
    for kill in observations.seccompKills {
      outcome.notes.append(
        "process \(kill.process) was killed by seccomp in \(kill.syscall ?? "a system call"); the learned profile refuses it too"
      )
    }
    var profile = outcome.profile
    let header = header(for: request, command: command)
    var yaml = ProfileYAMLWriter.yaml(profile, header: header)
    var issues = lint(yaml, name: name)
    // Acknowledgements of things the narrowed profile no longer does are stale.
    let stale = issues.filter { $0.field.hasPrefix("acknowledge.") && $0.severity == .warning }
      .map { String($0.field.dropFirst("acknowledge.".count)) }
    if !stale.isEmpty {
      for key in stale { profile.acknowledgements[key] = nil }
      yaml = ProfileYAMLWriter.yaml(profile, header: header)
      issues = lint(yaml, name: name)
    }
    if let error = issues.first(where: { $0.severity == .error }) {
      throw .learnedProfileRefused("\(error)")
    }
    let reloaded = ProfileLoader.read(yaml: yaml, file: "\(name).yaml", expectedName: name)
    guard reloaded.profile == profile else {
      throw .learnedProfileRefused("the written YAML does not load back to the learned profile")
    }

    var verification: SandboxEnding? = nil
    if request.verify {
      verification = try verify(
        profile, command: command, request: request, learningEnding: learning.ending)
    }
    return LearnedProfile(
      profile: profile, yaml: yaml, groups: outcome.groups, singles: outcome.singles,
      observations: observations, learningEnding: learning.ending, verification: verification,
      warnings: issues.map(\.message), notes: outcome.notes)
  }

  /// The profile the command is traced under: --from with strace bound beside
  /// it, a writable directory for the trace, the tracer's syscalls added, and
  /// limits with room for the tracer. Every other layer is --from's own.
  static func learningVariant(
    of from: SandboxProfile, tracer: Tracer, traceDirectory: String
  ) -> SandboxProfile {
    var variant = from
    variant.name = from.name + "-learning"
    variant.filesystem.readOnly += tracer.binds
    variant.filesystem.writable.append(.init(traceDirectory, at: Tracer.insideTraceDirectory))
    variant.executables = [tracer.insideExecutable]
    let allowed = Set(SyscallGroups.expand(from.seccomp.allow).syscalls)
    variant.seccomp.allow += Tracer.syscalls.filter { !allowed.contains($0) }
    for name in Tracer.syscalls { variant.seccomp.errno[name] = nil }
    var limits = from.limits
    limits.processes += 1  // strace itself
    limits.openFiles += 16  // one trace file per traced process
    limits.fileSizeBytes = max(limits.fileSizeBytes, 64 << 20)  // the trace
    limits.cpuSeconds = limits.cpuSeconds * 2 + 2  // every syscall stops twice
    limits.wallTimeSeconds = limits.wallTimeSeconds * 2 + 5
    variant.limits = limits
    return variant
  }

  /// Runs the command under the learned profile; it must end as it did while learning.
  private static func verify(
    _ profile: SandboxProfile, command: [String], request: LearnRequest,
    learningEnding: SandboxEnding
  ) throws(LearnError) -> SandboxEnding {
    let result: SandboxResult
    do throws(SandboxError) {
      result = try SandboxLauncher.run(
        SandboxRequest(
          argv: command, profile: profile, hiddenPaths: request.hiddenPaths,
          environment: request.environment, stdin: request.stdin,
          wallTimeSeconds: request.wallTimeSeconds))
    } catch {
      throw .sandbox(error)
    }
    let expected: String
    let matches: Bool
    if case .exited = learningEnding {
      expected = "\(learningEnding)"
      matches = result.ending == learningEnding
    } else {
      // strace, as the namespace's init, reports a killed command as an exit.
      expected = "an ending other than a seccomp kill or a setup failure"
      matches = result.ending != .killedBySeccomp && result.ending.kind != "setup_failed"
    }
    guard matches else {
      throw .verificationFailed(
        ending: result.ending, expected: expected, stderrTail: tailLines(result.stderr.text))
    }
    return result.ending
  }

  private static func lint(_ yaml: String, name: String) -> [ProfileIssue] {
    ProfileLinter.lint(yaml: yaml, file: "\(name).yaml", expectedName: name)
  }

  /// A private directory the sandbox's user may write the trace into.
  private static func makeTraceDirectory() throws(LearnError) -> String {
    var template = Array("/tmp/meta-agent-learn.XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
      throw .traceDirectory(step: "create a directory", errno: errno)
    }
    let path = String(cString: made)
    // As root the sandbox's user is the host's nobody, who must be able to write here.
    if geteuid() == 0 && chown(path, SandboxLauncher.insideID, SandboxLauncher.insideID) != 0 {
      let code = errno
      rmdir(path)
      throw .traceDirectory(step: "hand the directory to the sandbox's user", errno: code)
    }
    return path
  }

  private static func tailLines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: true).suffix(stderrTailLines)
      .map(String.init)
  }

  /// The command as a person would type it, shortened if it is long.
  static func display(_ command: [String]) -> String {
    let plain = { (character: Character) in
      character.isASCII
        && (character.isLetter || character.isNumber || "_./=:,@%+-".contains(character))
    }
    let text = command.map { word in
      !word.isEmpty && word.allSatisfy(plain)
        ? word
        : "'"
          + word.replacingOccurrences(of: "'", with: "'\\''")
          .replacingOccurrences(of: "\n", with: "\\n") + "'"
    }.joined(separator: " ")
    return text.count > 200 ? String(text.prefix(197)) + "..." : text
  }

  private static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }

  private static func description(of request: LearnRequest, command: [String]) -> String {
    "Learned from `\(display(command))` under \(request.from.name) on \(timestamp(request.date)); "
      + "allows only what that run did."
  }

  private static func header(for request: LearnRequest, command: [String]) -> [String] {
    [
      "\(request.name ?? request.from.name + "-learned"): learned by `meta-agent profile learn`",
      "from profile \(request.from.name) (\(request.fromOrigin)) on \(timestamp(request.date)),",
      "running: \(display(command))",
      "It allows only what that one run did. Review it before trusting it:",
      "docs/profiles.md, \"Learning a profile\".",
    ]
  }
}
