import CCap
import CSandboxSpawn
import Glibc

/// What to run in a sandbox, and with which profile.
public struct SandboxRequest: Sendable {
  public var argv: [String]
  public var profile: SandboxProfile
  /// Binds added for this run only, such as the tool's own directory.
  public var extraReadOnly: [SandboxProfile.Bind]
  /// Host directories that stay invisible even where a bind covers them.
  public var hiddenPaths: [String]
  /// The caller's environment; only the profile's `pass` names are taken from it.
  public var environment: [String: String]
  /// Written to the program's stdin, which is then closed; nil means /dev/null.
  public var stdin: [UInt8]?
  /// Overrides the profile's wall-clock limit.
  public var wallTimeSeconds: Double?
  /// Required by `network: kube-gateway`: where the host's gateway listens.
  public var gateway: GatewayPort?

  public init(
    argv: [String], profile: SandboxProfile, extraReadOnly: [SandboxProfile.Bind] = [],
    hiddenPaths: [String] = [], environment: [String: String] = [:], stdin: [UInt8]? = nil,
    wallTimeSeconds: Double? = nil, gateway: GatewayPort? = nil
  ) {
    self.argv = argv
    self.profile = profile
    self.extraReadOnly = extraReadOnly
    self.hiddenPaths = hiddenPaths
    self.environment = environment
    self.stdin = stdin
    self.wallTimeSeconds = wallTimeSeconds
    self.gateway = gateway
  }
}

/// How a `network: kube-gateway` sandbox reaches the host's read-only gateway.
///
/// The child opens a listening socket on 127.0.0.1:`port` inside its own network
/// namespace and hands it to the parent before it runs the program; `serve` gets
/// that socket (and owns it) and answers connections from the host side. The
/// sandbox therefore has a loopback port to talk to and no route anywhere else.
public struct GatewayPort: Sendable {
  public var port: UInt16
  public var serve: @Sendable (Int32) -> Void

  public init(port: UInt16, serve: @escaping @Sendable (Int32) -> Void) {
    self.port = port
    self.serve = serve
  }
}

/// Starts programs inside a sandbox and reports how they ended.
///
/// `run` blocks the calling thread until the sandbox is gone. The child dies
/// with the thread that started it (PR_SET_PDEATHSIG), which `run` outlives.
public enum SandboxLauncher {
  /// Where the child builds the new root, in its own mount namespace only.
  static let baseDirectory = "/tmp"
  static let insideID: UInt32 = 65534
  static let hostname = "sandbox"
  /// A program that exits without reading all of its stdin must not kill us with
  /// SIGPIPE; the write fails with EPIPE instead. (The child resets the signal.)
  static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()
  /// Looked up once: whether this host lets us put each sandbox in its own cgroup.
  static let cgroupDelegation = CgroupDelegation.detect()

  public static func run(_ request: SandboxRequest) throws(SandboxError) -> SandboxResult {
    _ = ignoreBrokenPipes
    let prepared = try PreparedSandbox(request)
    return try prepared.run(stdin: request.stdin)
  }

  /// The executable named by argv[0]: an absolute path listed by the profile, or
  /// a bare name matching the last component of exactly one listed executable.
  static func resolveExecutable(_ name: String, in profile: SandboxProfile) throws(SandboxError)
    -> String
  {
    if name.hasPrefix("/") {
      guard profile.executables.contains(name) else {
        throw .executableNotAllowed(name, allowed: profile.executables)
      }
      return name
    }
    let matches = profile.executables.filter {
      $0.split(separator: "/").last.map(String.init) == name
    }
    guard matches.count == 1, let match = matches.first else {
      throw .executableNotAllowed(name, allowed: profile.executables)
    }
    return match
  }

  /// The environment inside: fixed values, plus the passed names the caller has.
  static func environment(for profile: SandboxProfile, from caller: [String: String]) -> [String] {
    var result: [String: String] = [:]
    for name in profile.environment.pass { if let value = caller[name] { result[name] = value } }
    for (name, value) in profile.environment.set { result[name] = value }
    return result.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
  }
}

enum SpawnOutcome {
  case started(pid_t)
  case failed(SandboxEnding)
}

/// Everything computed before the clone: plan, filter, limits, strings.
struct PreparedSandbox {
  let request: SandboxRequest
  let executable: String
  let plan: MountPlan
  let filters: [SeccompProgram]
  let environment: [String]
  let rlimits: [msb_rlimit]
  let keepCaps: UInt64
  let wallTime: Double

  init(_ request: SandboxRequest) throws(SandboxError) {
    guard let first = request.argv.first, !first.isEmpty else { throw .emptyCommand }
    let profile = request.profile
    if profile.network == .kubeGateway && request.gateway == nil {
      throw .unsupportedNetwork(profile.network.rawValue)
    }
    self.request = request
    executable = try SandboxLauncher.resolveExecutable(first, in: profile)
    plan = try MountPlan(
      profile: profile, extraReadOnly: request.extraReadOnly, hiddenPaths: request.hiddenPaths)
    filters = try SeccompCompiler.compile(profile.seccomp)
    environment = SandboxLauncher.environment(for: profile, from: request.environment)
    let limits = profile.limits
    rlimits = [
      msb_rlimit(
        resource: Int32(RLIMIT_CPU.rawValue), soft: limits.cpuSeconds, hard: limits.cpuSeconds + 1),
      msb_rlimit(
        resource: Int32(RLIMIT_AS.rawValue), soft: limits.memoryBytes, hard: limits.memoryBytes),
      msb_rlimit(
        resource: Int32(__RLIMIT_NPROC.rawValue), soft: limits.processes, hard: limits.processes),
      msb_rlimit(
        resource: Int32(RLIMIT_NOFILE.rawValue), soft: limits.openFiles, hard: limits.openFiles),
      msb_rlimit(
        resource: Int32(RLIMIT_FSIZE.rawValue), soft: limits.fileSizeBytes,
        hard: limits.fileSizeBytes),
      msb_rlimit(resource: Int32(RLIMIT_CORE.rawValue), soft: 0, hard: 0),
      msb_rlimit(resource: Int32(__RLIMIT_MEMLOCK.rawValue), soft: 64 << 10, hard: 64 << 10),
    ]
    var caps: UInt64 = 0
    for name in profile.capabilities {
      guard let value = KernelNames.capabilities.firstIndex(of: name.uppercased()) else {
        throw .unknownCapability(name)
      }
      caps |= 1 << UInt64(value)
    }
    keepCaps = caps
    wallTime = request.wallTimeSeconds ?? limits.wallTimeSeconds
  }

  /// Runs the program to its end.
  /// - Parameter onStart: streaming mode: called once the program runs with its pid,
  ///   the writer of its stdin and the reader of its stdout (blocking fds the callee
  ///   now owns); only stderr is then captured here.
  func run(
    stdin: [UInt8]?, onStart: ((pid_t, Int32, Int32) -> Void)? = nil
  ) throws(SandboxError) -> SandboxResult {
    let started = monotonicSeconds()
    var cgroup: SandboxCgroup? = nil
    if case .success(let delegation) = SandboxLauncher.cgroupDelegation {
      let limits = request.profile.limits
      cgroup = try delegation.makeGroup(
        memoryBytes: limits.memoryBytes, processes: limits.processes)
    }
    defer { cgroup?.remove() }
    var pipes = try ChildPipes(feedingStdin: stdin != nil || onStart != nil)
    let spawned = spawn(pipes: pipes, cgroup: cgroup)
    pipes.closeChildEnds()
    switch spawned {
    case .failed(let ending):
      pipes.closeParentEnds()
      return SandboxResult(
        ending: ending, stdout: CapturedOutput(), stderr: CapturedOutput(),
        wallSeconds: monotonicSeconds() - started, cpuSeconds: 0, notes: notes(cgroup))
    case .started(let pid):
      if let onStart {
        let (writer, reader) = pipes.detachStreams()
        onStart(pid, writer, reader)
      }
      var result = supervise(pid: pid, pipes: &pipes, stdin: stdin ?? [], started: started)
      if let cgroup, cgroup.oomKills() > 0, result.ending != .exited(code: 0) {
        result.ending = .outOfMemory(
          evidence:
            "the kernel's OOM killer acted in the sandbox's cgroup (memory.max \(request.profile.limits.memoryBytes) bytes)"
        )
      }
      result.notes = notes(cgroup)
      return result
    }
  }

  private func spawn(pipes: ChildPipes, cgroup: SandboxCgroup?) -> SpawnOutcome {
    let strings = CStrings()
    let argv = strings.array([executable] + request.argv.dropFirst())
    let envp = strings.array(environment)
    let ops = plan.operations.map { op in
      msb_mount_op(
        kind: op.kind.rawValue, source: op.source.map(strings.constant),
        target: strings.constant(op.target),
        data: op.data.map(strings.constant))
    }
    let privileged = geteuid() == 0
    let capState = cap_init()
    defer { cap_free(UnsafeMutableRawPointer(capState)) }
    if keepCaps != 0, let capState {
      for cap in 0..<64 where keepCaps & (1 << UInt64(cap)) != 0 {
        var value = cap_value_t(cap)
        for flag in [CAP_PERMITTED, CAP_EFFECTIVE, CAP_INHERITABLE] {
          cap_set_flag(capState, flag, 1, &value, CAP_SET)
        }
      }
    }
    var channel: [Int32] = [-1, -1]
    if request.gateway != nil && msb_socketpair(&channel) != 0 {
      return .failed(.setupFailed(step: "create the gateway channel", errno: errno, detail: nil))
    }
    defer { for fd in channel where fd >= 0 { close(fd) } }
    var pid: pid_t = 0
    var failure = msb_failure()
    // The programs' bytes stay alive in `filters` for the whole call.
    let programs = filters.map { program in
      msb_filter(program: strings.copy(program.bytes), length: UInt16(program.instructionCount))
    }
    let rc = programs.withUnsafeBufferPointer { filterBuffer in
      ops.withUnsafeBufferPointer { opsBuffer in
        rlimits.withUnsafeBufferPointer { limits in
          var config = msb_spawn_config()
          config.path = strings.constant(executable)
          config.argv = UnsafePointer(argv)
          config.envp = UnsafePointer(envp)
          config.workdir = strings.constant(request.profile.filesystem.workingDirectory)
          config.hostname = strings.constant(SandboxLauncher.hostname)
          config.inside_uid = SandboxLauncher.insideID
          config.inside_gid = SandboxLauncher.insideID
          config.outside_uid = privileged ? SandboxLauncher.insideID : geteuid()
          config.outside_gid = privileged ? SandboxLauncher.insideID : getegid()
          config.privileged_parent = privileged ? 1 : 0
          config.base_dir = strings.constant(SandboxLauncher.baseDirectory)
          config.ops = opsBuffer.baseAddress
          config.op_count = opsBuffer.count
          config.rlimits = limits.baseAddress
          config.rlimit_count = limits.count
          config.filters = filterBuffer.baseAddress
          config.filter_count = filterBuffer.count
          config.stdio = (pipes.stdinChild, pipes.stdoutChild, pipes.stderrChild)
          config.bring_up_loopback = request.profile.network == .none ? 0 : 1
          config.keep_caps = keepCaps
          config.cap_state = UnsafeMutableRawPointer(capState)
          config.cgroup_procs = cgroup.map { strings.constant($0.procsFile) }
          config.gateway_channel = channel[1]
          config.gateway_port = request.gateway?.port ?? 0
          return msb_spawn(&config, &pid, &failure)
        }
      }
    }
    if rc == 0 {
      guard let gateway = request.gateway else { return .started(pid) }
      close(channel[1])
      channel[1] = -1
      let listener = msb_receive_fd(channel[0], 5000)
      if listener < 0 {
        let code = errno
        kill(pid, SIGKILL)
        waitpid(pid, nil, 0)
        return .failed(.setupFailed(step: "receive the gateway listener", errno: code, detail: nil))
      }
      gateway.serve(listener)
      return .started(pid)
    }
    let step = String(cString: msb_step_name(failure.step))
    var detail: String? = nil
    if failure.step == Int32(MSB_STEP_MOUNT_OP.rawValue), failure.op_index >= 0,
      Int(failure.op_index) < plan.operations.count
    {
      detail = "(\(plan.operations[Int(failure.op_index)]))"
    }
    return .failed(.setupFailed(step: step, errno: failure.error, detail: detail))
  }

  /// Feeds stdin, drains stdout and stderr within their caps, enforces the
  /// wall-clock limit, then reaps the child and classifies the ending.
  private func supervise(
    pid: pid_t, pipes: inout ChildPipes, stdin: [UInt8], started: Double
  ) -> SandboxResult {
    let cap = request.profile.limits.outputBytes
    var stdout = CapturedOutput()
    var stderr = CapturedOutput()
    var stdinOffset = 0
    var timedOut = false
    var exited = false
    let deadline = started + wallTime
    let pidfd = msb_pidfd_open(pid)
    var drainDeadline = Double.infinity
    var chunk = [UInt8](repeating: 0, count: 64 << 10)

    if stdin.isEmpty && pipes.stdinWriter >= 0 { pipes.closeStdinWriter() }
    while pipes.stdoutReader >= 0 || pipes.stderrReader >= 0 || (!exited && pidfd >= 0) {
      let now = monotonicSeconds()
      if !timedOut && !exited && now >= deadline {
        kill(pid, SIGKILL)  // the PID namespace's init: everything inside dies with it
        timedOut = true
        drainDeadline = now + 2
      }
      if now >= drainDeadline { break }
      var fds: [pollfd] = []
      if pipes.stdoutReader >= 0 {
        fds.append(pollfd(fd: pipes.stdoutReader, events: Int16(POLLIN), revents: 0))
      }
      if pipes.stderrReader >= 0 {
        fds.append(pollfd(fd: pipes.stderrReader, events: Int16(POLLIN), revents: 0))
      }
      if pipes.stdinWriter >= 0 {
        fds.append(pollfd(fd: pipes.stdinWriter, events: Int16(POLLOUT), revents: 0))
      }
      if !exited && pidfd >= 0 { fds.append(pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)) }
      let limit = min(timedOut || exited ? drainDeadline : deadline, now + 1)
      let timeout = Int32(max(0, min(1000, (limit - now) * 1000)).rounded(.up))
      let ready = poll(&fds, nfds_t(fds.count), timeout)
      if ready < 0 && errno != EINTR { break }
      for entry in fds where entry.revents != 0 {
        if entry.fd == pidfd {
          exited = true
          // Everything in the namespace dies with its init; the pipes close soon after.
          drainDeadline = monotonicSeconds() + 2
        } else if entry.fd == pipes.stdinWriter {
          let written = stdin.withUnsafeBytes { bytes in
            write(
              entry.fd, bytes.baseAddress! + stdinOffset, min(64 << 10, stdin.count - stdinOffset))
          }
          if written > 0 { stdinOffset += written }
          if written < 0 && errno != EAGAIN && errno != EINTR || stdinOffset >= stdin.count {
            pipes.closeStdinWriter()
          }
        } else {
          let count = chunk.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
          if count > 0 {
            chunk.withUnsafeBytes { bytes in
              let slice = UnsafeRawBufferPointer(rebasing: bytes[0..<count])
              if entry.fd == pipes.stdoutReader {
                stdout.append(slice, cap: cap)
              } else {
                stderr.append(slice, cap: cap)
              }
            }
          } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
            pipes.closeReader(entry.fd)
          }
        }
      }
    }
    if !exited { kill(pid, SIGKILL) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    if pidfd >= 0 { close(pidfd) }
    pipes.closeParentEnds()
    let cpu =
      Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
      + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    let ending = classify(status: status, timedOut: timedOut, cpuSeconds: cpu, stderr: stderr)
    return SandboxResult(
      ending: ending, stdout: stdout, stderr: stderr,
      wallSeconds: monotonicSeconds() - started, cpuSeconds: cpu, notes: [])
  }

  /// Notes on how this host enforces the limits.
  func notes(_ cgroup: SandboxCgroup?) -> [String] {
    switch SandboxLauncher.cgroupDelegation {
    case .success where cgroup != nil:
      return [
        "memory.max, memory.swap.max and pids.max enforced by the cgroup v2 group \(cgroup!.path), besides rlimits"
      ]
    case .success:
      return []
    case .failure(let unavailable):
      return [
        "memory is limited by RLIMIT_AS (address space) and processes by RLIMIT_NPROC only: "
          + "no delegated cgroup v2 subtree (\(unavailable.reason)); see docs/threat-model.md"
      ]
    }
  }

  func classify(status: Int32, timedOut: Bool, cpuSeconds: Double, stderr: CapturedOutput)
    -> SandboxEnding
  {
    let signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
    if timedOut { return .timedOut(seconds: wallTime) }
    if !signaled {
      let code = (status >> 8) & 0xff
      if code != 0, let evidence = OutOfMemoryEvidence.find(in: stderr.text) {
        return .outOfMemory(
          evidence: "RLIMIT_AS of \(request.profile.limits.memoryBytes) bytes; stderr: \(evidence)")
      }
      return .exited(code: code)
    }
    let signal = status & 0x7f
    switch signal {
    case SIGSYS: return .killedBySeccomp
    case SIGXCPU: return .cpuTimeExceeded
    case SIGKILL where cpuSeconds >= Double(request.profile.limits.cpuSeconds):
      return .cpuTimeExceeded
    default:
      if let evidence = OutOfMemoryEvidence.find(in: stderr.text) {
        return .outOfMemory(evidence: "stderr: \(evidence)")
      }
      return .killedBySignal(signal)
    }
  }
}

/// How programs say an allocation failed when RLIMIT_AS stops them: they get
/// ENOMEM from mmap/brk and report it in their own words before exiting.
enum OutOfMemoryEvidence {
  static let patterns = [
    "MemoryError", "Cannot allocate memory", "out of memory", "std::bad_alloc",
    "OutOfMemoryError", "JavaScript heap out of memory", "failed to allocate",
  ]

  static func find(in text: String) -> String? {
    for line in text.split(separator: "\n").reversed() {
      if patterns.contains(where: { line.contains($0) }) {
        return String(line.prefix(200))
      }
    }
    return nil
  }
}

/// The three pipes of a child; the parent's ends are non-blocking.
struct ChildPipes {
  var stdinChild: Int32 = -1
  var stdinWriter: Int32 = -1
  var stdoutChild: Int32 = -1
  var stdoutReader: Int32 = -1
  var stderrChild: Int32 = -1
  var stderrReader: Int32 = -1

  init(feedingStdin: Bool) throws(SandboxError) {
    if feedingStdin {
      (stdinChild, stdinWriter) = try ChildPipes.makePipe()
    } else {
      stdinChild = open("/dev/null", O_RDONLY | O_CLOEXEC)
      if stdinChild < 0 { throw .pipe(step: "open /dev/null", errno: errno) }
    }
    (stdoutReader, stdoutChild) = try ChildPipes.makePipe()
    (stderrReader, stderrChild) = try ChildPipes.makePipe()
    for fd in [stdinWriter, stdoutReader, stderrReader] where fd >= 0 {
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }
  }

  private static func makePipe() throws(SandboxError) -> (Int32, Int32) {
    var fds: [Int32] = [-1, -1]
    if msb_pipe_cloexec(&fds) != 0 { throw .pipe(step: "create a pipe", errno: errno) }
    return (fds[0], fds[1])
  }

  /// Hands stdin's writer and stdout's reader to a caller who streams them
  /// itself; they become blocking, and this struct forgets them.
  mutating func detachStreams() -> (writer: Int32, reader: Int32) {
    let streams = (stdinWriter, stdoutReader)
    for fd in [stdinWriter, stdoutReader] where fd >= 0 {
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    }
    (stdinWriter, stdoutReader) = (-1, -1)
    return streams
  }

  mutating func closeChildEnds() {
    for fd in [stdinChild, stdoutChild, stderrChild] where fd >= 0 { close(fd) }
    (stdinChild, stdoutChild, stderrChild) = (-1, -1, -1)
  }

  mutating func closeStdinWriter() {
    if stdinWriter >= 0 { close(stdinWriter) }
    stdinWriter = -1
  }

  mutating func closeReader(_ fd: Int32) {
    close(fd)
    if fd == stdoutReader { stdoutReader = -1 }
    if fd == stderrReader { stderrReader = -1 }
  }

  mutating func closeParentEnds() {
    closeStdinWriter()
    if stdoutReader >= 0 { closeReader(stdoutReader) }
    if stderrReader >= 0 { closeReader(stderrReader) }
  }
}

/// C strings and buffers that live as long as this object: the child reads them after clone.
final class CStrings {
  private var owned: [UnsafeMutablePointer<CChar>] = []
  private var arrays: [UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>] = []
  private var buffers: [UnsafeMutableRawBufferPointer] = []

  func add(_ string: String) -> UnsafeMutablePointer<CChar> {
    let copy = strdup(string)!
    owned.append(copy)
    return copy
  }

  func copy(_ bytes: [UInt8]) -> UnsafeRawPointer {
    let buffer = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(1, bytes.count), alignment: 8)
    buffer.copyBytes(from: bytes)
    buffers.append(buffer)
    return UnsafeRawPointer(buffer.baseAddress!)
  }

  func constant(_ string: String) -> UnsafePointer<CChar> { UnsafePointer(add(string)) }

  /// A NULL-terminated array, as execve wants argv and envp.
  func array(_ strings: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
    let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(
      capacity: strings.count + 1)
    for (index, string) in strings.enumerated() { array[index] = add(string) }
    array[strings.count] = nil
    arrays.append(array)
    return array
  }

  deinit {
    for string in owned { free(string) }
    for array in arrays { array.deallocate() }
    for buffer in buffers { buffer.deallocate() }
  }
}

func monotonicSeconds() -> Double {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
