import Foundation
import Glibc
import Testing

@testable import Sandbox

/// Each test tries one way out of the sandbox with a real process and checks
/// that it failed, and failed for the expected reason. Every attack only
/// touches temp directories and processes the test itself created.
@Suite("Escape attempts from inside the sandbox")
struct EscapeTests {
  @Test("a write to a host path is refused")
  func writeToHostPath() throws {
    let directory = try Fixture.temporaryDirectory()
    defer { Fixture.remove(directory) }
    chmod(directory, 0o777)
    let target = directory + "/escaped"

    // Not bound: the path does not exist inside at all.
    let unbound = try Fixture.runProbe(["write", target])
    #expect(unbound.stdout.text.hasPrefix("denied ENOENT"), "\(unbound.stdout.text)")

    // Bound read-only: it exists, and the kernel refuses the write.
    var profile = Fixture.probeProfile()
    profile.filesystem.readOnly.append(.init(directory))
    let bound = try Fixture.runProbe(["write", target], profile: profile)
    #expect(bound.stdout.text.hasPrefix("denied EROFS"), "\(bound.stdout.text)")
    #expect(access(target, F_OK) != 0, "the host file must not exist")
  }

  @Test("a host file that was not bound cannot be read, even a planted secret in a temp home")
  func readUnboundSecret() throws {
    let home = try Fixture.temporaryDirectory()
    defer { Fixture.remove(home) }
    try FileManager.default.createDirectory(
      atPath: home + "/.aws", withIntermediateDirectories: true)
    try "aws_secret_access_key = planted".write(
      toFile: home + "/.aws/credentials", atomically: true, encoding: .utf8)
    let result = try Fixture.runProbe(
      ["read", home + "/.aws/credentials"], environment: ["HOME": home])
    #expect(result.stdout.text.hasPrefix("denied ENOENT"), "\(result.stdout.text)")
    #expect(!result.stdout.text.contains("planted"))

    let shadow = try Fixture.runProbe(["read", "/etc/shadow"])
    #expect(shadow.stdout.text.hasPrefix("denied ENOENT"), "\(shadow.stdout.text)")
  }

  @Test("host processes are invisible and cannot be signalled")
  func hostProcesses() throws {
    let sleeper = Process()
    sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
    sleeper.arguments = ["30"]
    try sleeper.run()
    defer { sleeper.terminate() }
    let pid = sleeper.processIdentifier

    let listing = try Fixture.runProbe(["ls", "/proc"])
    let pids = listing.stdout.text.split(whereSeparator: \.isWhitespace).dropFirst()
      .filter { Int($0) != nil }
    #expect(pids == ["1"], "only the sandbox's own init is visible: \(listing.stdout.text)")

    let signal = try Fixture.runProbe(["kill", String(pid)])
    #expect(signal.stdout.text.hasPrefix("denied ESRCH"), "\(signal.stdout.text)")
    #expect(sleeper.isRunning, "the host process must survive")
  }

  @Test("ptrace is killed by seccomp, and without seccomp the target is out of reach")
  func ptrace() throws {
    let result = try Fixture.runProbe(["ptrace", "1"])
    #expect(result.ending == .killedBySeccomp)

    let allowed = Fixture.acknowledging(["ptrace"])
    let layered = try Fixture.runProbe(["ptrace", String(getpid())], profile: allowed)
    #expect(layered.stdout.text.hasPrefix("denied ESRCH"), "\(layered.stdout.text)")
  }

  @Test("mount is killed by seccomp, and without seccomp refused for lack of capabilities")
  func mount() throws {
    let directory = try Fixture.temporaryDirectory()
    defer { Fixture.remove(directory) }
    var profile = Fixture.probeProfile()
    profile.filesystem.readOnly.append(.init(directory))
    let result = try Fixture.runProbe(["mount", directory], profile: profile)
    #expect(result.ending == .killedBySeccomp)

    var allowed = Fixture.acknowledging(["mount"])
    allowed.filesystem.readOnly.append(.init(directory))
    let layered = try Fixture.runProbe(["mount", directory], profile: allowed)
    #expect(layered.stdout.text.hasPrefix("denied EPERM"), "\(layered.stdout.text)")
  }

  @Test(
    "namespace and kernel-attack syscalls are killed by seccomp",
    arguments: [
      "unshare", "clone-ns", "setns", "keyctl", "bpf", "perf", "io_uring", "open_by_handle",
    ])
  func killedBySeccomp(attack: String) throws {
    let result = try Fixture.runProbe([attack])
    #expect(result.ending == .killedBySeccomp, "\(attack): \(result.ending) \(result.stdout.text)")
  }

  @Test("a TCP or UDP socket under network none fails", arguments: ["tcp", "udp"])
  func networkNone(kind: String) throws {
    let listener = try LoopbackListener(udp: kind == "udp")
    defer { listener.close() }
    // Layer 1: the seccomp filter refuses the inet family.
    let refused = try Fixture.runProbe([kind, String(listener.port)])
    #expect(refused.stdout.text.hasPrefix("denied EAFNOSUPPORT socket"), "\(refused.stdout.text)")
    // Layer 2: with inet allowed, the empty network namespace has no route to the host.
    let profile = Fixture.probeProfile(families: ["unix", "inet"])
    let unreachable = try Fixture.runProbe([kind, String(listener.port)], profile: profile)
    #expect(unreachable.stdout.text.hasPrefix("denied ENETUNREACH"), "\(unreachable.stdout.text)")
    #expect(!listener.receivedAnything())
  }

  @Test("loopback mode gives the sandbox its own loopback, not the host's")
  func loopbackIsPrivate() throws {
    let listener = try LoopbackListener(udp: false)
    defer { listener.close() }
    let profile = Fixture.probeProfile(network: .loopback, families: ["unix", "inet"])
    let result = try Fixture.runProbe(["tcp", String(listener.port)], profile: profile)
    #expect(result.stdout.text.hasPrefix("denied ECONNREFUSED"), "\(result.stdout.text)")
  }

  @Test("every mount inside is nosuid, so a setuid binary gains nothing")
  func mountsAreNosuid() throws {
    let lines = try Fixture.mountinfo().split(separator: "\n")
    #expect(!lines.isEmpty)
    for line in lines {
      #expect(line.contains("nosuid"), "mount without nosuid: \(line)")
    }
  }

  @Test("a setuid-root binary runs without privilege", .enabled(if: Fixture.isRoot))
  func setuidBinary() throws {
    let directory = try Fixture.temporaryDirectory()
    defer { Fixture.remove(directory) }
    let copy = directory + "/suid-probe"
    try FileManager.default.copyItem(atPath: Fixture.probePath, toPath: copy)
    chown(copy, 0, 0)
    chmod(copy, 0o4755)
    var profile = Fixture.probeProfile()
    profile.filesystem.readOnly.append(.init(directory, at: "/suid"))
    let result = try Fixture.runProbe(
      ["exec", "/suid/suid-probe", "suid-probe", "ids"], profile: profile)
    #expect(result.ending == .exited(code: 0), "\(result.ending) \(result.stderr.text)")
    #expect(result.stdout.text.contains("euid=65534"), "\(result.stdout.text)")
    let caps = try Fixture.runProbe(
      ["exec", "/suid/suid-probe", "suid-probe", "status", "CapEff"], profile: profile)
    #expect(caps.stdout.text.contains("CapEff:\t0000000000000000"), "\(caps.stdout.text)")
  }

  @Test("TIOCSTI is refused by the filter and there is no controlling terminal")
  func tiocsti() throws {
    let result = try Fixture.runProbe(["tiocsti"])
    // The kernel would answer ENOTTY for /dev/null; EPERM is the filter's answer.
    #expect(result.stdout.text.hasPrefix("denied EPERM"), "\(result.stdout.text)")
    let tty = try Fixture.runProbe(["open-tty"])
    #expect(tty.stdout.text.hasPrefix("denied"), "\(tty.stdout.text)")
  }

  @Test("a fork bomb is stopped by the process limit")
  func forkBomb() throws {
    let profile = Fixture.probeProfile(
      limits: SandboxProfile.Limits(processes: 16, wallTimeSeconds: 20))
    let result = try Fixture.runProbe(["forkbomb"], profile: profile)
    #expect(result.ending == .exited(code: 0))
    #expect(result.stdout.text.hasPrefix("denied EAGAIN fork after"), "\(result.stdout.text)")
    let made = result.stdout.text.split(separator: " ").compactMap { Int($0) }.first ?? .max
    #expect(made < 16)
  }

  @Test("a memory bomb is stopped and reported as out of memory")
  func memoryBomb() throws {
    let profile = Fixture.probeProfile(
      limits: SandboxProfile.Limits(memoryBytes: 256 << 20, wallTimeSeconds: 20))
    let result = try Fixture.runProbe(["membomb"], profile: profile)
    guard case .outOfMemory = result.ending else {
      Issue.record("expected out of memory, got \(result.ending)")
      return
    }
  }

  @Test("a CPU loop is stopped by the wall-clock limit")
  func cpuLoopTimesOut() throws {
    let started = monotonicSeconds()
    let result = try Fixture.runProbe(["spin"], wallTime: 1)
    #expect(result.ending == .timedOut(seconds: 1))
    #expect(monotonicSeconds() - started < 30, "a bound for a hang, not a speed claim")
  }

  @Test("a CPU loop is stopped by the CPU-seconds limit")
  func cpuLoopCPULimit() throws {
    let profile = Fixture.probeProfile(
      limits: SandboxProfile.Limits(cpuSeconds: 1, wallTimeSeconds: 20))
    let result = try Fixture.runProbe(["spin"], profile: profile)
    #expect(result.ending == .cpuTimeExceeded)
  }

  @Test("a 100 MB output flood is truncated at the cap and counted")
  func outputFlood() throws {
    let size = 100_000_000
    let result = try Fixture.runProbe(["flood", String(size)])
    #expect(result.ending == .exited(code: 0))
    #expect(result.stdout.truncated)
    #expect(result.stdout.bytes.count == SandboxProfile.Limits().outputBytes)
    #expect(result.stdout.totalBytes == size)
  }

  @Test("an fd the parent left open is not inherited")
  func inheritedDescriptor() throws {
    let fd = open("/etc/hostname", O_RDONLY)  // deliberately without O_CLOEXEC
    #expect(fd > 2)
    defer { close(fd) }
    let result = try Fixture.runProbe(["fd", String(fd)])
    #expect(result.stdout.text.hasPrefix("denied EBADF"), "\(result.stdout.text)")
    let listing = try Fixture.runProbe(["ls", "/proc/self/fd"])
    let fds = Set(
      listing.stdout.text.split(whereSeparator: \.isWhitespace).dropFirst().map(String.init))
    #expect(fds.isSubset(of: ["0", "1", "2", "3"]), "only stdio and the listing's own fd: \(fds)")
  }

  @Test("secrets in the caller's environment are absent inside")
  func scrubbedEnvironment() throws {
    var profile = Fixture.probeProfile()
    profile.environment.pass = ["LANG"]
    let caller = [
      "AWS_SECRET_ACCESS_KEY": "planted-aws", "AWS_ACCESS_KEY_ID": "AKIAPLANTED",
      "GITHUB_TOKEN": "planted-gh", "KUBECONFIG": "/home/x/.kube/config",
      "VAULT_TOKEN": "planted-vault", "LANG": "C.UTF-8",
    ]
    let result = try Fixture.runProbe(["env"], profile: profile, environment: caller)
    let lines = Set(result.stdout.text.split(separator: "\n").map(String.init))
    #expect(lines == ["HOME=/tmp", "PATH=/usr/bin:/bin", "LANG=C.UTF-8"], "\(lines)")
  }

  @Test("the workspace's keys and state are invisible, even under a bind of the workspace")
  func workspaceSecretsHidden() throws {
    let workspace = try Fixture.temporaryDirectory()
    defer { Fixture.remove(workspace) }
    let keys = workspace + "/.meta-agent/keys"
    try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      atPath: workspace + "/mcp_servers", withIntermediateDirectories: true)
    try "PRIVATE KEY".write(toFile: keys + "/operator.ed25519", atomically: true, encoding: .utf8)
    chmod(workspace + "/.meta-agent", 0o755)
    chmod(keys, 0o755)
    chmod(keys + "/operator.ed25519", 0o644)  // readable on purpose: only the sandbox must stop it

    let toolOnly = try Fixture.runProbe(
      ["read", keys + "/operator.ed25519"],
      extraReadOnly: [.init(workspace + "/mcp_servers")])
    #expect(toolOnly.stdout.text.hasPrefix("denied ENOENT"), "\(toolOnly.stdout.text)")

    let masked = try Fixture.runProbe(
      ["read", keys + "/operator.ed25519"], extraReadOnly: [.init(workspace)],
      hiddenPaths: [workspace + "/.meta-agent"])
    #expect(masked.stdout.text.hasPrefix("denied"), "\(masked.stdout.text)")
    #expect(!masked.stdout.text.contains("PRIVATE KEY"))
  }
}

/// A host socket on 127.0.0.1 that the sandbox must not reach.
final class LoopbackListener {
  let fd: Int32
  let port: UInt16
  let udp: Bool

  init(udp: Bool) throws {
    self.udp = udp
    let fd = socket(AF_INET, Int32(udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
    self.fd = fd
    guard fd >= 0 else { throw POSIXError(.EIO) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, udp || listen(fd, 4) == 0 else { throw POSIXError(.EADDRINUSE) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    port = UInt16(bigEndian: address.sin_port)
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
  }

  /// Whether anyone connected or sent a datagram.
  func receivedAnything() -> Bool {
    if udp {
      var byte: UInt8 = 0
      return recv(fd, &byte, 1, 0) >= 0
    }
    let client = accept(fd, nil, nil)
    if client >= 0 { Glibc.close(client) }
    return client >= 0
  }

  func close() { Glibc.close(fd) }
}

extension Fixture {
  /// The probe profile with dangerous syscalls allowed, to test the next layer alone.
  static func acknowledging(_ syscalls: [String]) -> SandboxProfile {
    var profile = probeProfile(allow: syscalls)
    for name in syscalls { profile.acknowledgements[name] = "testing the layer beneath seccomp" }
    return profile
  }

  /// The sandbox's mount table as the probe sees it.
  static func mountinfo() throws -> String {
    var profile = probeProfile()
    profile.limits.outputBytes = 1 << 20
    let result = try runProbe(["cat", "/proc/self/mountinfo"], profile: profile)
    return result.stdout.text
  }
}

@Suite("network: kube-gateway")
struct GatewayNetworkTests {
  /// Serves each connection on the listener with one line, on a thread of its own.
  final class Greeter: @unchecked Sendable {
    private(set) var listener: Int32 = -1
    private let lock = NSLock()

    func serve(_ fd: Int32) {
      lock.withLock { listener = fd }
      Thread.detachNewThread {
        while true {
          let client = accept(fd, nil, nil)
          if client < 0 {
            close(fd)
            return
          }
          _ = "hello from the host side\n".withCString { write(client, $0, strlen($0)) }
          close(client)
        }
      }
    }

    func stop() { lock.withLock { if listener >= 0 { shutdown(listener, Int32(SHUT_RDWR)) } } }
  }

  @Test("the sandbox reaches the gateway port on its own loopback, served from the host")
  func reachesGateway() throws {
    let greeter = Greeter()
    defer { greeter.stop() }
    let profile = Fixture.probeProfile(network: .kubeGateway, families: ["unix", "inet"])
    let result = try SandboxLauncher.run(
      SandboxRequest(
        argv: ["/probe/sandbox-probe", "tcp-read", "8001"], profile: profile,
        wallTimeSeconds: 20,
        gateway: GatewayPort(port: 8001) { greeter.serve($0) }))
    #expect(
      result.stdout.text == "ok hello from the host side\n",
      "\(result.ending) \(result.stdout.text)")
  }

  @Test("with the gateway, the host's other loopback services stay out of reach")
  func hostLoopbackStillUnreachable() throws {
    let greeter = Greeter()
    defer { greeter.stop() }
    let host = try LoopbackListener(udp: false)
    defer { host.close() }
    let profile = Fixture.probeProfile(network: .kubeGateway, families: ["unix", "inet"])
    let result = try SandboxLauncher.run(
      SandboxRequest(
        argv: ["/probe/sandbox-probe", "tcp", String(host.port)], profile: profile,
        wallTimeSeconds: 20,
        gateway: GatewayPort(port: 8001) { greeter.serve($0) }))
    #expect(result.stdout.text.hasPrefix("denied ECONNREFUSED"), "\(result.stdout.text)")
    #expect(!host.receivedAnything())
  }

  @Test("a kube-gateway profile without a gateway is refused before anything runs")
  func needsGateway() {
    let profile = Fixture.probeProfile(network: .kubeGateway, families: ["unix", "inet"])
    #expect(throws: SandboxError.unsupportedNetwork("kube-gateway")) {
      try SandboxLauncher.run(
        SandboxRequest(argv: ["/probe/sandbox-probe", "hello"], profile: profile))
    }
  }
}
