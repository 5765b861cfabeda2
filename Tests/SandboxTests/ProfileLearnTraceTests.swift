import Foundation
import Glibc
import Testing

@testable import Sandbox

/// Reading `strace -ff` output: the learner is only as good as what it sees in the trace.
@Suite("Profile learning: reading the trace")
struct ProfileLearnTraceTests {
  @Test("a call line gives its name, top-level arguments and result")
  func callLine() {
    let line = StraceLine(
      #"openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3"#)
    #expect(
      line
        == .call(
          name: "openat", arguments: ["AT_FDCWD", "\"/etc/ld.so.cache\"", "O_RDONLY|O_CLOEXEC"],
          result: "3"))
    let nested = StraceLine(
      #"newfstatat(3, "", {st_mode=S_IFREG|0644, st_size=1, ...}, AT_EMPTY_PATH) = 0"#)
    guard case .call(_, let arguments, let result) = nested else {
      Issue.record("not a call: \(nested)")
      return
    }
    #expect(arguments.count == 4)
    #expect(arguments[2] == "{st_mode=S_IFREG|0644, st_size=1, ...}")
    #expect(result == "0")
  }

  @Test("commas and parentheses inside strings do not split arguments")
  func quotedSeparators() {
    let line = StraceLine(
      #"access("/tmp/a, b (c)\"", R_OK) = -1 ENOENT (No such file or directory)"#)
    guard case .call(let name, let arguments, let result) = line else {
      Issue.record("not a call: \(line)")
      return
    }
    #expect(name == "access")
    #expect(arguments.count == 2)
    #expect(StraceLine.stringLiteral(arguments[0]) == "/tmp/a, b (c)\"")
    #expect(result == "-1 ENOENT (No such file or directory)")
  }

  @Test("an unfinished call has no result; endings and signals are recognized")
  func otherLines() {
    let unfinished = StraceLine(#"read(0, <unfinished ...>"#)
    guard case .call("read", _, nil) = unfinished else {
      Issue.record("an unfinished call read as \(unfinished)")
      return
    }
    #expect(StraceLine("+++ exited with 3 +++") == .exited(code: 3))
    #expect(StraceLine("+++ killed by SIGSYS (core dumped) +++") == .killed(signal: "SIGSYS"))
    #expect(StraceLine("--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---") == .other)
    #expect(
      StraceLine("exit_group(0)                           = ?")
        == .call(name: "exit_group", arguments: ["0"], result: "?"))
  }

  @Test("string literals undo strace's escapes; a string cut short is not a path")
  func literals() {
    #expect(StraceLine.stringLiteral(#""a\tb\\c\x41\101""#) == "a\tb\\cAA")
    #expect(StraceLine.stringLiteral(#""/usr/lib""#) == "/usr/lib")
    #expect(StraceLine.stringLiteral(#""abc"..."#) == nil)
    #expect(StraceLine.stringLiteral("0x7ffd1234") == nil)
  }

  /// Writes `files` (pid to text) as `t.PID` into a fresh directory and reads them.
  static func read(_ files: [Int: String], workingDirectory: String = "/tmp") throws
    -> TraceObservations
  {
    let directory = try Fixture.temporaryDirectory()
    defer { Fixture.remove(directory) }
    for (pid, text) in files {
      try text.write(toFile: "\(directory)/t.\(pid)", atomically: true, encoding: .utf8)
    }
    return try TraceReader.read(
      directory: directory, prefix: "t", workingDirectory: workingDirectory)
  }

  @Test("found paths are kept, absent ones are not, and refusals other than absence count as found")
  func foundPaths() throws {
    let seen = try Self.read([
      2: """
      execve("/usr/bin/true", ["/usr/bin/true"], 0x7ffc /* 3 vars */) = 0
      access("/etc/ld.so.preload", R_OK)      = -1 ENOENT (No such file or directory)
      openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3
      mkdir("/usr/x", 0777) = -1 EROFS (Read-only file system)
      close(3)                                = 0
      exit_group(0)                           = ?
      +++ exited with 0 +++
      """
    ])
    #expect(seen.syscalls == ["execve", "access", "openat", "mkdir", "close", "exit_group"])
    #expect(seen.paths == ["/usr/bin/true", "/etc/ld.so.cache", "/usr/x"])
    #expect(seen.executed == ["/usr/bin/true"])
    #expect(seen.processCount == 1)
  }

  @Test("the command's calls before its execve are strace's own and are not learned")
  func beforeExecve() throws {
    let seen = try Self.read([
      4: "setreuid(65534, 65534) = 0\nexecve(\"/usr/bin/true\", [], 0x1) = 0\nexit_group(0) = ?\n",
      9: "setreuid(1, 1) = -1 EPERM (Operation not permitted)\n",
    ])
    #expect(seen.syscalls == ["execve", "exit_group", "setreuid"])
    let only = try Self.read([
      4: "setreuid(65534, 65534) = 0\nexecve(\"/usr/bin/true\", [], 0x1) = 0\n"
    ])
    #expect(only.syscalls == ["execve"])
  }

  @Test("relative paths are placed through the working directory and directory fds")
  func relativePaths() throws {
    let seen = try Self.read(
      [
        5: """
        execve("/usr/bin/app", ["app"], 0x7ffc /* 0 vars */) = 0
        openat(AT_FDCWD, "data/../conf.txt", O_RDONLY) = 3
        openat(AT_FDCWD, "/usr/lib/python3", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = 4
        getdents64(4, 0x55 /* 12 entries */, 32768) = 400
        newfstatat(4, "os.py", {st_mode=S_IFREG|0644, st_size=1, ...}, 0) = 0
        close(4) = 0
        newfstatat(4, "gone.py", 0x7ffe, 0) = 0
        chdir("/opt/app") = 0
        access("bin/tool", X_OK) = 0
        """
      ], workingDirectory: "/srv")
    #expect(
      seen.paths == [
        "/usr/bin/app", "/srv/conf.txt", "/usr/lib/python3", "/usr/lib/python3/os.py", "/opt/app",
        "/opt/app/bin/tool",
      ])
    #expect(seen.listedDirectories == ["/usr/lib/python3"])
    #expect(seen.unplacedPaths == 1)
  }

  @Test("socket families are told apart by whether the socket was made")
  func sockets() throws {
    let seen = try Self.read([
      7: """
      execve("/usr/bin/app", ["app"], 0x7ffc /* 0 vars */) = 0
      socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3
      connect(3, {sa_family=AF_UNIX, sun_path="/run/app.sock"}, 110) = 0
      socket(AF_INET6, SOCK_DGRAM, IPPROTO_IP) = -1 EAFNOSUPPORT (Address family not supported by protocol)
      socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 4
      connect(4, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("10.0.0.1")}, 16) = -1 ENETUNREACH (Network is unreachable)
      """
    ])
    #expect(seen.socketFamilies == ["unix", "inet"])
    #expect(seen.refusedSocketFamilies == ["inet6"])
    #expect(seen.paths == ["/usr/bin/app", "/run/app.sock"])
    #expect(seen.connections.count == 2)
    #expect(seen.connections.last?.contains("10.0.0.1") == true, "\(seen.connections)")
  }

  @Test("a seccomp kill names the call the process died in, per process")
  func seccompKill() throws {
    let seen = try Self.read([
      2:
        "execve(\"/usr/bin/app\", [\"app\"], 0x1 /* 0 vars */) = 0\nvfork() = 3\nwait4(-1, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGSYS}], 0, NULL) = 3\n+++ exited with 1 +++\n",
      3:
        "execve(\"/usr/bin/mkdir\", [\"mkdir\"], 0x1 /* 0 vars */) = 0\nmkdir(\"/tmp/x\", 0777\n+++ killed by SIGSYS +++\n",
    ])
    #expect(seen.seccompKills == [.init(process: 3, syscall: "mkdir")])
    #expect(seen.processCount == 2)
  }

  @Test("calls strace prints by number are kept apart from named ones")
  func unnamedCalls() throws {
    let seen = try Self.read([
      2:
        "execve(\"/usr/bin/app\", [], 0x1) = 0\nsyscall_0x1c1(0x1, 0x2) = -1 ENOSYS (Function not implemented)\n"
    ])
    #expect(seen.syscalls == ["execve"])
    #expect(seen.unnamedSyscalls == ["syscall_0x1c1"])
  }

  @Test("the kernel's own opens are found: an ELF program's loader and a script's interpreter")
  func interpreters() throws {
    let loader = ProgramInterpreter.of("/usr/bin/true")
    #expect(loader?.hasPrefix("/lib") == true, "\(loader ?? "nil")")
    let directory = try Fixture.temporaryDirectory()
    defer { Fixture.remove(directory) }
    let script = directory + "/tool"
    try "#!/usr/bin/python3 -I\nprint(1)\n".write(toFile: script, atomically: true, encoding: .utf8)
    #expect(ProgramInterpreter.of(script) == "/usr/bin/python3")
    let plain = directory + "/plain"
    try "just text\n".write(toFile: plain, atomically: true, encoding: .utf8)
    #expect(ProgramInterpreter.of(plain) == nil)
  }
}
