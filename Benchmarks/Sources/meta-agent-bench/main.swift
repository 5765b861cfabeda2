import Foundation
import Glibc
import Sandbox

// Sandbox spawn latency: meta-agent's launcher against bubblewrap with
// comparable isolation and against a plain fork/exec, measured in one run.
// Usage: meta-agent-bench [spawn] [--iterations N]

struct Measurement {
  let name: String
  let samples: [Double]  // seconds

  func percentile(_ p: Double) -> Double {
    let sorted = samples.sorted()
    let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))
    return sorted[index]
  }
  var median: Double { percentile(0.5) }
  var p95: Double { percentile(0.95) }
}

func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// posix_spawn + waitpid, the floor every sandbox adds to.
func spawnPlain(_ argv: [String]) -> Int32 {
  var pid: pid_t = 0
  let cArgs = argv.map { strdup($0) } + [nil]
  defer { for arg in cArgs { free(arg) } }
  var devNull = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&devNull)
  posix_spawn_file_actions_addopen(&devNull, 1, "/dev/null", O_WRONLY, 0)
  defer { posix_spawn_file_actions_destroy(&devNull) }
  let rc = posix_spawn(&pid, argv[0], &devNull, nil, cArgs, environ)
  guard rc == 0 else { return -1 }
  var status: Int32 = 0
  waitpid(pid, &status, 0)
  return status
}

func measure(_ name: String, iterations: Int, _ body: () throws -> Void) rethrows -> Measurement {
  for _ in 0..<max(3, iterations / 20) { try body() }  // warm-up: page cache, dynamic linker
  var samples: [Double] = []
  for _ in 0..<iterations {
    let start = now()
    try body()
    samples.append(now() - start)
  }
  return Measurement(name: name, samples: samples)
}

func bwrapArguments(_ command: [String]) -> [String] {
  var args = ["/usr/bin/bwrap", "--unshare-all", "--die-with-parent", "--new-session"]
  for path in ["/usr", "/etc/ld.so.cache"] { args += ["--ro-bind", path, path] }
  for link in ["lib", "lib64", "bin"] { args += ["--symlink", "usr/\(link)", "/\(link)"] }
  args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--chdir", "/tmp"]
  return args + command
}

func row(_ m: Measurement, peer: Measurement?) -> String {
  let ratio = peer.map { String(format: "%.2fx", m.median / $0.median) } ?? "-"
  return String(
    format: "%-34@ %10.3f %10.3f %12@", m.name as NSString, m.median * 1000, m.p95 * 1000,
    ratio as NSString)
}

var iterations = 200
var arguments = Array(CommandLine.arguments.dropFirst())
if let index = arguments.firstIndex(of: "--iterations"), index + 1 < arguments.count,
  let value = Int(arguments[index + 1])
{
  iterations = value
  arguments.removeSubrange(index...(index + 1))
}

let strict: SandboxProfile
do {
  strict = try ProfileSource.resolve("strict", workspace: nil).profile
} catch {
  FileHandle.standardError.write("meta-agent-bench: \(error)\n".data(using: .utf8)!)
  exit(1)
}
var python = strict
python.executables = ["/usr/bin/python3"]
python.filesystem.readOnly = [
  .init("/usr"), .init("/lib"), .init("/lib64"), .init("/etc/ld.so.cache"),
]
python.seccomp.allow += [
  "@default", "@memory", "@basic-io", "@file-system", "@signal", "@io-event",
]

let hasBwrap = access("/usr/bin/bwrap", X_OK) == 0
print(
  "Sandbox spawn latency, \(iterations) iterations each (milliseconds; ratio = median / bubblewrap's median)"
)
print(
  String(
    format: "%-34@ %10@ %10@ %12@", "case" as NSString, "median" as NSString, "p95" as NSString,
    "vs bwrap" as NSString))

for (label, command, profile) in [
  ("/bin/true", ["/usr/bin/true"], strict),
  ("python3 -c 'print(1)'", ["/usr/bin/python3", "-I", "-S", "-c", "print(1)"], python),
] {
  let plain = measure("\(label): fork/exec", iterations: iterations) { _ = spawnPlain(command) }
  let bwrap =
    hasBwrap
    ? measure("\(label): bubblewrap", iterations: iterations) {
      _ = spawnPlain(bwrapArguments(command))
    } : nil
  var failure: String?
  let ours = measure("\(label): meta-agent", iterations: iterations) {
    do {
      let result = try SandboxLauncher.run(SandboxRequest(argv: command, profile: profile))
      if result.ending != .exited(code: 0) { failure = "\(result.ending) \(result.stderr.text)" }
    } catch {
      failure = "\(error)"
    }
  }
  print(row(plain, peer: bwrap))
  if let bwrap { print(row(bwrap, peer: bwrap)) }
  print(row(ours, peer: bwrap))
  if let failure { print("  note: a meta-agent run did not succeed: \(failure)") }
}
if !hasBwrap {
  print("note: bubblewrap is not installed (apt-get install bubblewrap); no peer ratio")
}
