import Foundation
import Glibc

/// The host's strace and the files it needs, bound into the learning sandbox
/// at a private place so that they neither hide nor add to what the traced
/// program sees at its own paths.
struct Tracer: Sendable, Equatable {
  /// Where the tracer's files appear inside the learning sandbox.
  static let insideDirectory = "/.meta-agent-learn/tracer"
  /// Where strace writes its per-process files inside the learning sandbox.
  static let insideTraceDirectory = "/.meta-agent-learn/trace"
  static let tracePrefix = "t"

  /// strace's own syscalls, found by loading ever smaller allow-lists under
  /// `strace -f -ff -q -o` until nothing could be taken away (see
  /// docs/profiles.md, "Learning a profile"), plus what it needs to report a
  /// killed tracee (tgkill, rt_sigreturn) and the setreuid to its own ids that
  /// a non-root strace makes before it execs the command. They reach the traced
  /// program too, which is why a learned profile never takes a syscall its
  /// --from did not allow.
  static let syscalls = [
    "arch_prctl", "brk", "exit_group", "futex", "set_robust_list", "getpid", "gettid", "rseq",
    "set_tid_address", "getrandom", "getuid", "geteuid", "getgid", "prlimit64", "uname", "mmap",
    "munmap", "mprotect", "read", "write", "pread64", "close", "fcntl", "pipe2", "openat",
    "newfstatat", "access", "clone", "wait4", "kill", "tgkill", "rt_sigaction", "rt_sigprocmask",
    "rt_sigreturn", "restart_syscall", "setreuid", "ptrace", "process_vm_readv",
  ]

  /// strace on the host.
  var program: String
  /// Its dynamic loader (nil for a static strace), which starts it inside with
  /// `--library-path` so the libraries can live beside it.
  var loader: String?
  /// The shared libraries it loads.
  var libraries: [String]

  /// Finds strace at `path` and the files it loads, asking its own loader
  /// (`ld.so --list`, which maps them without running strace).
  static func locate(_ path: String) throws(LearnError) -> Tracer {
    guard access(path, X_OK) == 0 else { throw .tracerMissing(path) }
    guard let loader = ProgramInterpreter.of(path) else {
      return Tracer(program: path, loader: nil, libraries: [])
    }
    let listing = Process()
    listing.executableURL = URL(fileURLWithPath: loader)
    listing.arguments = ["--list", path]
    listing.environment = [:]
    let output = Pipe()
    listing.standardOutput = output
    listing.standardError = FileHandle.nullDevice
    listing.standardInput = FileHandle.nullDevice
    do {
      try listing.run()
    } catch {
      throw .tracerUnusable(path, reason: "its loader \(loader) could not be started")
    }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    listing.waitUntilExit()
    guard listing.terminationStatus == 0 else {
      throw .tracerUnusable(path, reason: "`\(loader) --list \(path)` failed")
    }
    return Tracer(program: path, loader: loader, libraries: libraries(in: text))
  }

  /// The library paths of `ld.so --list` output (`libc.so.6 => /lib/.../libc.so.6 (0x...)`).
  static func libraries(in listing: String) -> [String] {
    var found: [String] = []
    for line in listing.split(separator: "\n") {
      guard let arrow = line.range(of: "=> ") else { continue }
      let path = line[arrow.upperBound...].prefix { $0 != " " }
      if path.hasPrefix("/") && !found.contains(String(path)) { found.append(String(path)) }
    }
    return found
  }

  /// The read-only binds that make the tracer runnable inside.
  var binds: [SandboxProfile.Bind] {
    var binds = [SandboxProfile.Bind(program, at: Tracer.insideDirectory + "/strace")]
    if let loader { binds.append(.init(loader, at: Tracer.insideDirectory + "/ld.so")) }
    for library in libraries {
      let name = library.split(separator: "/").last.map(String.init) ?? library
      binds.append(.init(library, at: Tracer.insideDirectory + "/lib/" + name))
    }
    return binds
  }

  /// The executable the learning sandbox starts: the loader, or strace itself.
  var insideExecutable: String {
    Tracer.insideDirectory + (loader == nil ? "/strace" : "/ld.so")
  }

  /// argv that runs `program` (already resolved inside) under strace, one
  /// trace file per process and thread (`-ff`: no interleaved lines).
  func argv(tracing command: [String]) -> [String] {
    var argv: [String] = []
    if loader != nil {
      argv = [insideExecutable, "--library-path", Tracer.insideDirectory + "/lib"]
    }
    argv.append(Tracer.insideDirectory + "/strace")
    argv += ["-f", "-ff", "-q", "-o", Tracer.insideTraceDirectory + "/" + Tracer.tracePrefix, "--"]
    return argv + command
  }
}
