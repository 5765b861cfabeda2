import Foundation
import Glibc
import Testing

@testable import Sandbox

@Suite("The sandbox launcher")
struct LauncherTests {
  @Test("a program that succeeds is reported as exited with code 0")
  func trueExits() throws {
    let result = try SandboxLauncher.run(
      SandboxRequest(argv: ["/usr/bin/true"], profile: Fixture.probeProfile()))
    #expect(result.ending == .exited(code: 0), "\(result.ending) \(result.stderr.text)")
  }

  @Test("the exit code, stdout and stderr come back as the program left them")
  func exitCodeAndOutput() throws {
    let result = try Fixture.runProbe(["exit", "7"])
    #expect(result.ending == .exited(code: 7))
    let hello = try Fixture.runProbe(["hello"])
    #expect(hello.stdout.text == "hello from the sandbox\n")
    #expect(!hello.stdout.truncated)
  }

  @Test("stdin is fed to the program and then closed")
  func stdinIsFed() throws {
    let input = Array(repeating: UInt8(ascii: "a"), count: 300_000)
    let result = try Fixture.runProbe(["echo-stdin"], stdin: input)
    #expect(result.ending == .exited(code: 0))
    #expect(result.stdout.totalBytes == input.count)
  }

  @Test("a program that ignores its stdin and exits does not take the caller down")
  func unreadStdin() throws {
    let input = [UInt8](repeating: 0, count: 4 << 20)
    let result = try Fixture.runProbe(["exit", "0"], stdin: input)
    #expect(result.ending == .exited(code: 0))
  }

  @Test("a crash is reported as killed by its signal")
  func crashIsASignal() throws {
    let result = try Fixture.runProbe(["segv"])
    #expect(result.ending == .killedBySignal(SIGSEGV))
  }

  @Test("the program runs as an unprivileged id inside, with no capability and a private hostname")
  func identity() throws {
    let ids = try Fixture.runProbe(["ids"])
    #expect(ids.stdout.text == "uid=65534 euid=65534 gid=65534 egid=65534\n")
    let caps = try Fixture.runProbe(["status", "Cap"])
    for set in ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"] {
      #expect(caps.stdout.text.contains("\(set):\t0000000000000000"), "\(set): \(caps.stdout.text)")
    }
    let flags = try Fixture.runProbe(["status", "NoNewPrivs"])
    #expect(flags.stdout.text.contains("NoNewPrivs:\t1"))
    let seccomp = try Fixture.runProbe(["status", "Seccomp:"])
    #expect(seccomp.stdout.text.contains("Seccomp:\t2"))
    let name = try Fixture.runProbe(["hostname"])
    #expect(name.stdout.text == "ok sandbox\n")
  }

  @Test("the root holds only the profile's binds, /dev, /proc and /tmp, and is read-only")
  func minimalRoot() throws {
    let root = try Fixture.runProbe(["ls", "/"])
    let entries = Set(
      root.stdout.text.split(whereSeparator: \.isWhitespace).dropFirst().map(String.init))
    var expected: Set = ["bin", "lib", "lib64", "usr", "etc", "probe", "dev", "proc", "tmp"]
    if !Fixture.swiftRuntime.isEmpty { expected.insert("opt") }
    #expect(entries == expected)
    let devices = try Fixture.runProbe(["ls", "/dev"])
    let nodes = Set(
      devices.stdout.text.split(whereSeparator: \.isWhitespace).dropFirst().map(String.init))
    #expect(
      nodes == ["null", "zero", "full", "random", "urandom", "fd", "stdin", "stdout", "stderr"])
    let write = try Fixture.runProbe(["write", "/new-file"])
    #expect(write.stdout.text.hasPrefix("denied EROFS"), "\(write.stdout.text)")
    let scratch = try Fixture.runProbe(["write", "/tmp/scratch"])
    #expect(scratch.stdout.text.hasPrefix("ok"), "the tmpfs is writable: \(scratch.stdout.text)")
  }

  @Test("clone3 is answered ENOSYS so libc falls back to clone, and a plain clone works")
  func clone3FallsBack() throws {
    let result = try Fixture.runProbe(["clone3"])
    #expect(result.stdout.text.hasPrefix("denied ENOSYS"), "\(result.stdout.text)")
    let plain = try Fixture.runProbe(["thread-like-clone"])
    #expect(plain.stdout.text.hasPrefix("ok"), "\(plain.stdout.text)")
  }

  @Test("a failure between clone and execve names the step, the errno and the operation")
  func setupFailureIsPrecise() throws {
    var profile = Fixture.probeProfile()
    profile.filesystem.workingDirectory = "/usr/no-such-directory"
    let result = try Fixture.runProbe(["hello"], profile: profile)
    guard case .setupFailed(let step, let code, let detail) = result.ending else {
      Issue.record("expected a setup failure, got \(result.ending)")
      return
    }
    #expect(step == "mount")
    #expect(code == EROFS)
    #expect(detail?.contains("mkdir /usr/no-such-directory") == true, "\(detail ?? "")")
  }

  @Test("a command outside the profile's executables is refused before anything runs")
  func executableNotAllowed() throws {
    #expect(
      throws: SandboxError.executableNotAllowed(
        "/usr/bin/id", allowed: Fixture.probeProfile().executables)
    ) {
      try SandboxLauncher.run(
        SandboxRequest(argv: ["/usr/bin/id"], profile: Fixture.probeProfile()))
    }
    #expect(throws: SandboxError.emptyCommand) {
      try SandboxLauncher.run(SandboxRequest(argv: [], profile: Fixture.probeProfile()))
    }
  }

  @Test("a bare program name resolves to the one listed executable with that name")
  func bareNameResolves() throws {
    let path = try SandboxLauncher.resolveExecutable("true", in: Fixture.probeProfile())
    #expect(path == "/usr/bin/true")
  }

  @Test("a bind of a host path that does not exist is refused before anything runs")
  func missingBindSource() throws {
    var profile = Fixture.probeProfile()
    profile.filesystem.readOnly.append(.init("/no/such/path"))
    #expect(throws: SandboxError.missingBindSource("/no/such/path")) {
      try Fixture.runProbe(["hello"], profile: profile)
    }
  }
}

@Suite("The mount plan")
struct MountPlanTests {
  @Test("a symlinked top-level directory is recreated as the same link")
  func symlinksAreRecreated() throws {
    let plan = try MountPlan(
      profile: SandboxProfile(
        name: "x", filesystem: .init(readOnly: [.init("/bin"), .init("/usr")])))
    let link = plan.operations.first { $0.target == "/bin" }
    var info = stat()
    if lstat("/bin", &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK {
      #expect(link?.kind == .symlink)
      #expect(link?.source == "usr/bin")
    } else {
      #expect(link?.kind == .bindReadOnly)
    }
  }

  @Test("a tmpfs on a parent is mounted before a bind beneath it")
  func parentsFirst() throws {
    let directory = try Fixture.temporaryDirectory()
    defer { Fixture.remove(directory) }
    let plan = try MountPlan(
      profile: SandboxProfile(
        name: "x", filesystem: .init(readOnly: [.init(directory)], tmpfs: [.init("/tmp")])))
    let tmpfs = plan.operations.firstIndex { $0.kind == .tmpfs && $0.target == "/tmp" }
    let bind = plan.operations.firstIndex { $0.kind == .bindReadOnly && $0.target == directory }
    #expect(tmpfs != nil && bind != nil && tmpfs! < bind!)
  }

  @Test("a hidden path under a bind gets an empty read-only tmpfs at its place inside")
  func hiddenPathsAreMasked() throws {
    let bind = SandboxProfile.Bind("/srv/workspace", at: "/work")
    #expect(
      MountPlan.insidePath(of: "/srv/workspace/.meta-agent", under: bind) == "/work/.meta-agent")
    #expect(MountPlan.insidePath(of: "/srv/workspace-other", under: bind) == nil)
    #expect(MountPlan.insidePath(of: "/srv/workspace", under: bind) == "/work")
  }

  @Test("relative and dot-dot paths are refused")
  func relativePathsRefused() {
    #expect(throws: SandboxError.relativePath(field: "filesystem.tmpfs", path: "tmp")) {
      try MountPlan(profile: SandboxProfile(name: "x", filesystem: .init(tmpfs: [.init("tmp")])))
    }
    #expect(throws: SandboxError.relativePath(field: "filesystem.tmpfs", path: "/tmp/../etc")) {
      try MountPlan(
        profile: SandboxProfile(name: "x", filesystem: .init(tmpfs: [.init("/tmp/../etc")])))
    }
  }
}

@Suite("cgroup v2 delegation")
struct CgroupDelegationTests {
  @Test("the cgroup2 mount point and this process's path are read from /proc files")
  func parsesProcFiles() throws {
    let directory = try Fixture.temporaryDirectory()
    defer { Fixture.remove(directory) }
    try FileManager.default.createDirectory(
      atPath: directory + "/self", withIntermediateDirectories: true)
    try """
    25 1 0:22 / /proc rw,nosuid - proc proc rw
    36 25 0:31 / /sys/fs/cgroup rw,nosuid,nodev,noexec shared:9 - cgroup2 cgroup2 rw,nsdelegate
    """.write(toFile: directory + "/self/mountinfo", atomically: true, encoding: .utf8)
    try "0::/user.slice/app.scope\n".write(
      toFile: directory + "/self/cgroup", atomically: true, encoding: .utf8)
    #expect(
      CgroupDelegation.cgroup2MountPoint(mountinfo: directory + "/self/mountinfo")
        == "/sys/fs/cgroup")
    #expect(
      CgroupDelegation.ownCgroupPath(cgroupFile: directory + "/self/cgroup")
        == "/user.slice/app.scope")
  }

  @Test(
    "a directory that does not enable memory and pids for its children is not used, and says why")
  func refusesWithoutControllers() throws {
    let directory = try Fixture.temporaryDirectory()
    defer { Fixture.remove(directory) }
    try "cpu io\n".write(
      toFile: directory + "/cgroup.subtree_control", atomically: true, encoding: .utf8)
    let result = CgroupDelegation.detect(environment: ["META_AGENT_CGROUP": directory])
    guard case .failure(let unavailable) = result else {
      Issue.record("expected no delegation")
      return
    }
    #expect(unavailable.reason.contains("does not enable memory, pids"))
  }

  @Test(
    "on a host that delegates cgroup v2, a memory bomb is killed by the OOM killer and named so",
    .enabled(if: (try? SandboxLauncher.cgroupDelegation.get()) != nil))
  func oomKillInCgroup() throws {
    let profile = Fixture.probeProfile(
      limits: SandboxProfile.Limits(memoryBytes: 512 << 20, wallTimeSeconds: 20))
    let result = try Fixture.runProbe(["membomb"], profile: profile)
    guard case .outOfMemory = result.ending else {
      Issue.record("expected out of memory, got \(result.ending)")
      return
    }
  }
}

@Suite("A sandboxed program that keeps running")
struct SandboxedProcessTests {
  @Test("a started program answers over stdin and stdout, then reports how it ended")
  func streams() throws {
    let process = try SandboxLauncher.start(
      SandboxRequest(argv: ["/probe/sandbox-probe", "echo-stdin"], profile: Fixture.probeProfile()))
    #expect(process.isRunning)
    process.input.write(Data("ping\n".utf8))
    let answer = process.output.availableData
    #expect(String(decoding: answer, as: UTF8.self) == "ping\n")
    try process.input.close()
    let result = process.wait()
    #expect(result.ending == .exited(code: 0))
    #expect(!process.isRunning)
  }

  @Test("kill ends the whole sandbox, and a second kill after the end does nothing")
  func kill() throws {
    let process = try SandboxLauncher.start(
      SandboxRequest(argv: ["/probe/sandbox-probe", "spin"], profile: Fixture.probeProfile()))
    process.kill()
    #expect(process.wait().ending == .killedBySignal(SIGKILL))
    process.kill()
  }

  @Test("a start that fails in setup throws the step and errno")
  func setupFailureThrows() {
    var profile = Fixture.probeProfile()
    profile.filesystem.workingDirectory = "/usr/no-such-directory"
    #expect(throws: SandboxError.self) {
      try SandboxLauncher.start(
        SandboxRequest(argv: ["/probe/sandbox-probe", "hello"], profile: profile))
    }
  }
}

@Suite("Optional binds")
struct OptionalBindTests {
  @Test("an optional bind of a missing host path is skipped; a required one is refused")
  func optionalBindSkipped() throws {
    var profile = Fixture.probeProfile()
    profile.filesystem.readOnly.append(.init("/no/such/tool", optional: true))
    let result = try Fixture.runProbe(["ls", "/no"], profile: profile)
    #expect(result.stdout.text.hasPrefix("denied ENOENT"), "\(result.stdout.text)")
    profile.filesystem.readOnly[profile.filesystem.readOnly.count - 1].optional = false
    #expect(throws: SandboxError.missingBindSource("/no/such/tool")) {
      try Fixture.runProbe(["hello"], profile: profile)
    }
  }

  @Test("a profile marks a bind optional with `optional: true`, and nothing else")
  func optionalParses() throws {
    let yaml = "name: p\nfilesystem:\n  read_only:\n    - { path: /opt/x, optional: true }\n"
    let profile = try ProfileLoader.parse(yaml: yaml, file: "p.yaml")
    #expect(profile.filesystem.readOnly == [.init("/opt/x", optional: true)])
    let wrong = "name: p\nfilesystem:\n  read_only:\n    - { path: /opt/x, optional: maybe }\n"
    #expect(throws: ProfileError.self) { try ProfileLoader.parse(yaml: wrong, file: "p.yaml") }
  }
}
