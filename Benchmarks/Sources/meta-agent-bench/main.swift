import CSandboxSpawn
import Foundation
import Glibc
import Sandbox

// Sandbox spawn latency: meta-agent's launcher against bubblewrap given the
// same binds, namespaces and seccomp programs, and against a plain fork/exec,
// all measured in one run; and the read-only gateway's per-request overhead.
// and an MCP tool server's cold start and warm call.
// and the diagnosis engine over a synthetic 10,000-pod dump (DiagnosisBench.swift).
// Usage: meta-agent-bench [spawn|gateway|toolserver] [--iterations N]
//        meta-agent-bench diagnose [--pods N] [--runs R]

struct Measurement {
  let name: String
  let samples: [Double]  // seconds

  func percentile(_ p: Double) -> Double {
    let sorted = samples.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
  }
  var median: Double { percentile(0.5) }
  var p95: Double { percentile(0.95) }
}

func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// posix_spawn + waitpid: the floor every sandbox adds to. `keep` are fds the
/// child inherits (bubblewrap reads its seccomp programs from them).
func spawnPlain(_ argv: [String], keep: [Int32] = []) -> Int32 {
  var pid: pid_t = 0
  let cArgs = argv.map { strdup($0) } + [nil]
  defer { for arg in cArgs { free(arg) } }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  for fd in keep { posix_spawn_file_actions_adddup2(&actions, fd, fd) }  // clears CLOEXEC
  guard posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ) == 0 else { return -1 }
  var status: Int32 = 0
  waitpid(pid, &status, 0)
  return status
}

func measure(_ name: String, iterations: Int, _ body: () -> Void) -> Measurement {
  for _ in 0..<max(3, iterations / 20) { body() }  // warm-up: page cache, dynamic linker
  var samples: [Double] = []
  for _ in 0..<iterations {
    let start = now()
    body()
    samples.append(now() - start)
  }
  return Measurement(name: name, samples: samples)
}

/// bubblewrap arguments giving the profile's binds, tmpfs, /proc and /dev.
func bwrapArguments(for profile: SandboxProfile, seccompFDs: [Int32], command: [String]) -> [String]
{
  // --as-pid-1: the program is the namespace's init, as with meta-agent.
  var args = [
    "/usr/bin/bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--as-pid-1",
  ]
  for bind in profile.filesystem.readOnly { args += ["--ro-bind", bind.source, bind.target] }
  for tmpfs in profile.filesystem.tmpfs { args += ["--tmpfs", tmpfs.path] }
  if profile.filesystem.proc != .none { args += ["--proc", "/proc"] }
  args += ["--dev", "/dev", "--chdir", profile.filesystem.workingDirectory]
  args += ["--uid", "65534", "--gid", "65534", "--cap-drop", "ALL"]
  for fd in seccompFDs { args += ["--add-seccomp-fd", String(fd)] }
  return args + command
}

/// The profile's compiled seccomp programs in memfds, for bubblewrap.
func seccompFiles(for profile: SandboxProfile) throws -> [Int32] {
  try SeccompCompiler.compile(profile.seccomp).map { program in
    let fd = msb_memfd("bench-seccomp")
    _ = program.bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    lseek(fd, 0, SEEK_SET)
    return fd
  }
}

func padded(_ text: String, _ width: Int) -> String {
  text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

func row(_ m: Measurement, peer: Measurement?) -> String {
  let ratio = peer.map { String(format: "%.2fx", m.median / $0.median) } ?? "-"
  return padded(m.name, 44) + String(format: "%10.3f %10.3f", m.median * 1000, m.p95 * 1000)
    + "  " + ratio
}

/// Spawn latency of the sandbox against bubblewrap and plain fork/exec.
func spawnBenchmark(iterations: Int) -> Bool {

  let hasBwrap = access("/usr/bin/bwrap", X_OK) == 0
  print("Sandbox spawn latency, \(iterations) runs each, in milliseconds.")
  print(
    "bubblewrap gets the same binds, namespaces, uid, dropped capabilities and seccomp programs;")
  print(
    "the ratio is the case's median over bubblewrap's median (below 1.00x: faster than bubblewrap)."
  )
  print(padded("case", 44) + "    median        p95  vs bwrap")

  var failed = false
  for (label, profileName, command) in [
    ("/usr/bin/true", "strict", ["/usr/bin/true"]),
    (
      "python3 -c 'print(1)'", "python-mcp-tool",
      ["/usr/bin/python3", "-I", "-S", "-c", "print(1)"]
    ),
  ] {
    let profile: SandboxProfile
    let seccompFDs: [Int32]
    do {
      profile = try ProfileSource.resolve(profileName, workspace: nil).profile
      seccompFDs = try seccompFiles(for: profile)
    } catch {
      print("meta-agent-bench: \(error)")
      return false
    }
    let plain = measure("\(label): fork/exec", iterations: iterations) { _ = spawnPlain(command) }
    var bwrap: Measurement? = nil
    if hasBwrap {
      let args = bwrapArguments(for: profile, seccompFDs: seccompFDs, command: command)
      let check = spawnPlain(args, keep: seccompFDs)
      for fd in seccompFDs { lseek(fd, 0, SEEK_SET) }
      if check != 0 {
        print("note: bubblewrap failed with \(args.joined(separator: " ")); no peer ratio")
      } else {
        bwrap = measure("\(label): bubblewrap", iterations: iterations) {
          for fd in seccompFDs { lseek(fd, 0, SEEK_SET) }
          _ = spawnPlain(args, keep: seccompFDs)
        }
      }
    }
    var failure: String?
    let ours = measure("\(label): meta-agent (\(profileName))", iterations: iterations) {
      do {
        let result = try SandboxLauncher.run(SandboxRequest(argv: command, profile: profile))
        if result.ending != .exited(code: 0) { failure = "\(result.ending)" }
      } catch {
        failure = "\(error)"
      }
    }
    print(row(plain, peer: bwrap))
    if let bwrap { print(row(bwrap, peer: bwrap)) }
    print(row(ours, peer: bwrap))
    if let failure {
      print("  note: a meta-agent run did not succeed: \(failure)")
      failed = true
    }
  }
  if !hasBwrap {
    print("note: bubblewrap is not installed (apt-get install bubblewrap); no peer ratio")
  }
  return !failed
}

var iterations = 200
let arguments = Array(CommandLine.arguments.dropFirst())
if let index = arguments.firstIndex(of: "--iterations"), index + 1 < arguments.count,
  let value = Int(arguments[index + 1]), value > 0
{
  iterations = value
}
let succeeded: Bool
switch arguments.first {
case "gateway": succeeded = await gatewayBenchmark(iterations: iterations)
case "toolserver": succeeded = await toolServerBenchmark(iterations: iterations)
case "diagnose": succeeded = diagnoseBenchmark(arguments: Array(arguments.dropFirst()))
case "diagnose-once": succeeded = diagnoseOnce(arguments: Array(arguments.dropFirst()))
case "diagnose-generate": succeeded = generateDump(arguments: Array(arguments.dropFirst()))
case "spawn", nil, "--iterations": succeeded = spawnBenchmark(iterations: iterations)
default:
  print("usage: meta-agent-bench [spawn|gateway|toolserver] [--iterations N]")
  print("       meta-agent-bench diagnose [--pods N] [--runs R] [--keep]")
  succeeded = false
}
exit(succeeded ? 0 : 1)
