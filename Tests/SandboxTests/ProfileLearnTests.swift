import Foundation
import Glibc
import Testing

@testable import Sandbox

/// `ProfileLearner` end to end: real strace inside the real sandbox, the learned
/// profile linted, run, compared with its source and attacked for slack.
@Suite("Profile learning: end to end", .serialized)
struct ProfileLearnTests {
  static let hasStrace = FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")
  static let hasPython =
    hasStrace && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
  static let printOne = ["/usr/bin/python3", "-I", "-S", "-c", "print(1)"]

  static func learn(
    _ argv: [String], from name: String, allowFailure: Bool = false
  ) throws -> LearnedProfile {
    let from = try ProfileSource.resolve(name, workspace: nil)
    return try ProfileLearner.learn(
      LearnRequest(
        argv: argv, from: from.profile, fromOrigin: from.origin, allowFailure: allowFailure))
  }

  static func run(_ argv: [String], under profile: SandboxProfile) throws -> SandboxResult {
    try SandboxLauncher.run(SandboxRequest(argv: argv, profile: profile))
  }

  /// The source's binds expanded to host paths, and whether `bind` lies within one of them.
  static func isWithin(_ bind: SandboxProfile.Bind, _ source: SandboxProfile) -> Bool {
    (source.filesystem.readOnly + source.filesystem.writable).contains { outer in
      BindReducer.isInside(bind.source, outer.source)
        && BindReducer.isInside(bind.target, outer.target)
    }
  }

  /// Checks (1) lint, (2) a run under it, (3) no wider than its source.
  static func expectSoundAndNoWider(
    _ learned: LearnedProfile, argv: [String], source name: String
  ) throws {
    let issues = ProfileLinter.lint(
      yaml: learned.yaml, file: "\(learned.profile.name).yaml", expectedName: learned.profile.name)
    #expect(issues.filter { $0.severity == .error }.isEmpty, "\(issues)\n\(learned.yaml)")
    let rerun = try run(argv, under: learned.profile)
    #expect(
      rerun.ending == .exited(code: 0), "\(rerun.ending) \(rerun.stderr.text)\n\(learned.yaml)")
    #expect(learned.verification == .exited(code: 0))

    let source = try ProfileSource.resolve(name, workspace: nil).profile
    let sourceSyscalls = Set(SyscallGroups.expand(source.seccomp.allow).syscalls)
      .union(["execve", "exit_group"])
    let learnedSyscalls = Set(SyscallGroups.expand(learned.profile.seccomp.allow).syscalls)
    #expect(
      learnedSyscalls.isSubset(of: sourceSyscalls), "\(learnedSyscalls.subtracting(sourceSyscalls))"
    )
    for bind in learned.profile.filesystem.readOnly + learned.profile.filesystem.writable {
      #expect(isWithin(bind, source), "\(bind) is not within \(name)'s binds")
    }
    #expect(
      Set(learned.profile.seccomp.socketFamilies).isSubset(of: Set(source.seccomp.socketFamilies)))
    #expect(learned.profile.network == .none || learned.profile.network == source.network)
  }

  @Test(
    "learning /usr/bin/true from strict gives a sound profile no wider than strict",
    .enabled(if: hasStrace))
  func learnsTrue() throws {
    let learned = try Self.learn(["/usr/bin/true"], from: "strict")
    try Self.expectSoundAndNoWider(learned, argv: ["/usr/bin/true"], source: "strict")
    #expect(learned.profile.name == "strict-learned")
    #expect(learned.profile.executables == ["/usr/bin/true"])
    #expect(learned.profile.network == .none)
    #expect(learned.profile.seccomp.socketFamilies.isEmpty)
    // strict was traced from true: the learned syscalls are strict's traced ones, no extra.
    #expect(learned.singles.contains("openat") && learned.singles.contains("execve"))
    #expect(learned.profile.description.contains("/usr/bin/true"))
  }

  @Test(
    "learning python print(1) from python-mcp-tool gives a sound profile no wider than its source",
    .enabled(if: hasPython))
  func learnsPython() throws {
    let learned = try Self.learn(Self.printOne, from: "python-mcp-tool")
    try Self.expectSoundAndNoWider(learned, argv: Self.printOne, source: "python-mcp-tool")
    let targets = learned.profile.filesystem.readOnly.map(\.target)
    #expect(targets.contains("/usr/bin/python3"))
    // The source binds the whole C.utf8 locale; print(1) reads one file of it.
    #expect(!targets.contains("/usr/lib/locale/C.utf8"), "\(targets)")
    #expect(targets.contains("/usr/lib/locale/C.utf8/LC_CTYPE"), "\(targets)")
    #expect(learned.profile.filesystem.proc == .none)
  }

  @Test(
    "the profile learned from print(1) is tight: a socket or a mkdir is killed by seccomp",
    .enabled(if: hasPython))
  func learnedPythonIsTight() throws {
    let learned = try Self.learn(Self.printOne, from: "python-mcp-tool")
    let socket = try Self.run(
      ["/usr/bin/python3", "-I", "-S", "-c", "import _socket; _socket.socket(1, 1)"],
      under: learned.profile)
    #expect(socket.ending == .killedBySeccomp, "\(socket.ending) \(socket.stderr.text)")
    let mkdir = try Self.run(
      ["/usr/bin/python3", "-I", "-S", "-c", "import posix; posix.mkdir('/tmp/learned-x')"],
      under: learned.profile)
    #expect(mkdir.ending == .killedBySeccomp, "\(mkdir.ending) \(mkdir.stderr.text)")
    // Running a helper works under the source (vfork, pipe2, wait4) but not under
    // what print(1) needed: the learned list, not the source, is what refuses it.
    let helper = [
      "/usr/bin/python3", "-I", "-S", "-c",
      "import subprocess; print(subprocess.run(['/usr/bin/python3', '-c', '0']).returncode)",
    ]
    let source = try ProfileSource.resolve("python-mcp-tool", workspace: nil).profile
    let underSource = try Self.run(helper, under: source)
    #expect(underSource.ending == .exited(code: 0), "\(underSource.stderr.text)")
    let underLearned = try Self.run(helper, under: learned.profile)
    #expect(
      underLearned.ending == .killedBySeccomp, "\(underLearned.ending) \(underLearned.stderr.text)")
  }

  @Test(
    "from a profile binding all of /usr, the learned binds are the files and directories python used",
    .enabled(if: hasPython))
  func narrowsBroadBinds() throws {
    var broad = Fixture.probeProfile()
    broad.name = "broad"
    broad.filesystem.readOnly = [
      .init("/usr"), .init("/lib"), .init("/lib64"), .init("/bin"), .init("/etc"),
    ]
    broad.filesystem.proc = .pidOnly
    broad.executables = ["/usr/bin/python3"]
    broad.environment = .init(set: ["PATH": "/usr/bin", "HOME": "/tmp", "LANG": "C.UTF-8"])
    let learned = try ProfileLearner.learn(
      LearnRequest(argv: Self.printOne, from: broad, fromOrigin: "test"))
    let targets = learned.profile.filesystem.readOnly.map(\.target)
    #expect(!targets.contains("/usr") && !targets.contains("/etc"), "\(targets)")
    #expect(targets.contains { $0.hasPrefix("/usr/lib/python3") }, "\(targets)")
    #expect(targets.contains("/usr/bin/python3"), "\(targets)")
    #expect(learned.profile.filesystem.proc == .none)
    #expect(learned.groups.isEmpty || !learned.groups.contains("@network-io"))
    let rerun = try Self.run(Self.printOne, under: learned.profile)
    #expect(
      rerun.ending == .exited(code: 0), "\(rerun.ending) \(rerun.stderr.text)\n\(learned.yaml)")
    #expect(rerun.stdout.text == "1\n")
  }

  @Test(
    "a command that needs a syscall the source refuses is refused by name, not learned",
    .enabled(if: hasPython))
  func refusedBySource() throws {
    let argv = ["/usr/bin/python3", "-I", "-S", "-c", "import posix; posix.mkdir('/tmp/learn-me')"]
    do {
      _ = try Self.learn(argv, from: "python-mcp-tool")
      Issue.record("a command killed by the source's filter was learned")
    } catch let error as LearnError {
      guard case .refusedByFrom(let profile, let syscall, _) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(profile == "python-mcp-tool")
      #expect(syscall == "mkdir")
    }
  }

  @Test(
    "a syscall only the tracer's additions let through (clone for a thread) is refused, not learned",
    .enabled(if: hasPython))
  func tracerOnlySyscall() throws {
    var from = try ProfileSource.resolve("python-mcp-tool", workspace: nil).profile
    from.seccomp.allow.append("madvise")  // a thread's exit; clone stays refused
    let argv = [
      "/usr/bin/python3", "-I", "-S", "-c",
      "import _thread, time; _thread.start_new_thread(print, (1,)); time.sleep(0.2)",
    ]
    #expect(try Self.run(argv, under: from).ending == .killedBySeccomp)
    #expect(throws: LearnError.tracerOnlySyscalls(["clone"], profile: "python-mcp-tool")) {
      try ProfileLearner.learn(LearnRequest(argv: argv, from: from, fromOrigin: "test"))
    }
  }

  @Test(
    "a re-run that takes a path the learning run did not is caught by the check",
    .enabled(if: hasPython))
  func verificationCatchesUnseenPaths() throws {
    let state = try Fixture.temporaryDirectory()
    defer { Fixture.remove(state) }
    chmod(state, 0o777)  // the sandbox's user is nobody when the test runs as root
    var from = try ProfileSource.resolve("python-mcp-tool", workspace: nil).profile
    from.filesystem.writable = [.init(state, at: "/state")]
    from.acknowledgements[state] = "the test's own scratch directory"
    // The first run leaves a marker; a run that finds it calls getcwd, which the first never did.
    let script = """
      import posix
      try:
          posix.stat('/state/marker'); print(posix.getcwd())
      except FileNotFoundError:
          posix.close(posix.open('/state/marker', posix.O_CREAT | posix.O_WRONLY, 0o644))
      """
    let argv = ["/usr/bin/python3", "-I", "-S", "-c", script]
    do {
      _ = try ProfileLearner.learn(LearnRequest(argv: argv, from: from, fromOrigin: "test"))
      Issue.record("a profile that kills the re-run was accepted")
    } catch {
      guard case .verificationFailed(let ending, _, _) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(ending == .killedBySeccomp)
    }
  }

  @Test("a missing strace is named with how to install it")
  func missingTracer() throws {
    let from = try ProfileSource.resolve("strict", workspace: nil)
    #expect(throws: LearnError.tracerMissing("/nonexistent/strace")) {
      try ProfileLearner.learn(
        LearnRequest(
          argv: ["/usr/bin/true"], from: from.profile, fromOrigin: from.origin,
          tracer: "/nonexistent/strace"))
    }
    #expect(LearnError.tracerMissing("/x").description.contains("apt-get install strace"))
  }

  @Test(
    "a command that fails is refused with its stderr, unless failure is allowed",
    .enabled(if: hasPython))
  func failingCommand() throws {
    let argv = [
      "/usr/bin/python3", "-I", "-S", "-c",
      "import sys; sys.stderr.write('broken\\n'); sys.exit(3)",
    ]
    do {
      _ = try Self.learn(argv, from: "python-mcp-tool")
      Issue.record("a failing command was learned")
    } catch let error as LearnError {
      guard case .commandFailed(let ending, let tail) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(ending == .exited(code: 3))
      #expect(tail.contains("broken"), "\(tail)")
    }
    let allowed = try Self.learn(argv, from: "python-mcp-tool", allowFailure: true)
    #expect(allowed.verification == .exited(code: 3))
    #expect(allowed.notes.contains { $0.contains("--allow-failure") })
  }

  @Test(
    "an executable the source does not list is refused before anything runs",
    .enabled(if: hasStrace))
  func executableNotInSource() throws {
    #expect(throws: LearnError.self) { try Self.learn(["/usr/bin/python3"], from: "strict") }
  }
}
