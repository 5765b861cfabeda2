import Foundation
import Sandbox

/// Why `kubectl proxy` could not be started.
public enum KubectlProxyError: Error, Sendable, Equatable, CustomStringConvertible {
  case kubectlNotFound(searched: [String])
  case privateDirectory(String)
  case spawn(String, errno: Int32)
  /// kubectl exited before its socket accepted connections.
  case exitedBeforeReady(String, stderr: String)
  /// The socket did not accept connections in time.
  case notReady(seconds: Double, stderr: String)

  public var description: String {
    switch self {
    case .kubectlNotFound(let searched):
      return
        "kubectl was not found (looked in \(searched.joined(separator: ", "))); install kubectl or put it on PATH"
    case .privateDirectory(let why):
      return
        "cannot create a private directory for the kubectl proxy socket: \(why); check that $TMPDIR (or /tmp) is writable"
    case .spawn(let path, let code):
      return
        "cannot start \(path): \(KernelNames.errnoName(code)) (\(String(cString: strerror(code)))); check that it is an executable kubectl"
    case .exitedBeforeReady(let how, let stderr):
      return "kubectl proxy \(how) before it was ready" + Self.tail(stderr)
        + "; check the kubeconfig with `meta-agent auth check`"
    case .notReady(let seconds, let stderr):
      return "kubectl proxy did not accept connections within \(seconds) s" + Self.tail(stderr)
        + "; check the kubeconfig with `meta-agent auth check`"
    }
  }

  private static func tail(_ stderr: String) -> String {
    stderr.isEmpty ? "" : "; kubectl said: \(stderr)"
  }
}

/// The real `kubectl proxy`, run on the host with the user's own environment
/// and kubeconfig so every auth method kubectl knows (exec plugins such as
/// `aws eks get-token` included) works, listening on a unix socket in a
/// private 0700 directory that only the gateway uses.
public final class KubectlProxy: @unchecked Sendable {
  /// How to start it.
  public struct Configuration: Sendable {
    /// The kubectl to run; nil looks it up in PATH like a shell would.
    public var kubectl: String?
    /// A KUBECONFIG value for kubectl (a path or a `:` list); nil keeps the user's.
    public var kubeconfig: String?
    /// The context to use; nil uses the kubeconfig's current context.
    public var context: String?
    /// The environment kubectl runs with; the user's own by default.
    public var environment: [String: String]
    /// How long kubectl may take to accept connections on its socket.
    public var startTimeout: Double

    public init(
      kubectl: String? = nil, kubeconfig: String? = nil, context: String? = nil,
      environment: [String: String] = ProcessInfo.processInfo.environment,
      startTimeout: Double = 20
    ) {
      self.kubectl = kubectl
      self.kubeconfig = kubeconfig
      self.context = context
      self.environment = environment
      self.startTimeout = startTimeout
    }
  }

  /// The unix socket kubectl listens on.
  public let socketPath: String
  public let pid: pid_t
  private let directory: String
  private let logPath: String
  private let lock = NSLock()
  private let exited = DispatchSemaphore(value: 0)
  private var exitStatus: String?

  /// Regular expressions for `kubectl proxy`'s own filter, a second layer
  /// behind `GatewayPolicy`: every method but GET, and the worst paths.
  static let rejectMethods = "^(?:[^G].*|G[^E].*|GE[^T].*|GET.+|G|GE)$"
  static let rejectPaths = [
    "^/api/.*/pods/.*/exec", "^/api/.*/pods/.*/attach", "^/api/.*/pods/.*/portforward",
    "^/apis?/.*/secrets(/|$)", "^/apis?/.*/proxy(/|$)", "^/api/.*/serviceaccounts/.*/token",
  ].joined(separator: ",")

  private init(socketPath: String, pid: pid_t, directory: String, logPath: String) {
    self.socketPath = socketPath
    self.pid = pid
    self.directory = directory
    self.logPath = logPath
  }

  /// Starts kubectl and returns once its socket accepts connections.
  public static func start(
    _ configuration: Configuration
  ) throws(KubectlProxyError) -> KubectlProxy {
    let kubectl = try resolveKubectl(configuration)
    let directory = try makePrivateDirectory()
    let socketPath = directory + "/proxy.sock"
    let logPath = directory + "/kubectl-proxy.log"
    var arguments = [
      kubectl, "proxy", "--unix-socket=\(socketPath)", "--api-prefix=/",
      "--reject-methods=\(rejectMethods)", "--reject-paths=\(rejectPaths)",
    ]
    if let context = configuration.context { arguments.append("--context=\(context)") }
    var environment = configuration.environment
    if let kubeconfig = configuration.kubeconfig { environment["KUBECONFIG"] = kubeconfig }

    let pid: pid_t
    do {
      pid = try ProcessSpawn.spawn(
        arguments, environment: environment, outputPath: logPath)
    } catch {
      try? FileManager.default.removeItem(atPath: directory)
      throw .spawn(kubectl, errno: error.code)
    }
    let proxy = KubectlProxy(
      socketPath: socketPath, pid: pid, directory: directory, logPath: logPath)
    proxy.watchForExit()
    do {
      try proxy.waitUntilReady(timeout: configuration.startTimeout)
    } catch {
      proxy.stop()
      throw error
    }
    return proxy
  }

  /// Nil while kubectl runs; afterwards how it ended.
  public var exitDescription: String? { lock.withLock { exitStatus } }

  public var isRunning: Bool { exitDescription == nil }

  /// The last lines kubectl wrote (stdout and stderr together).
  public func output(lastBytes: Int = 2000) -> String {
    guard let data = FileManager.default.contents(atPath: logPath) else { return "" }
    let text = String(decoding: data.suffix(lastBytes), as: UTF8.self)
    return text.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Why the proxy is down, with kubectl's own words, or nil while it runs.
  public func downReason() -> String? {
    guard let how = exitDescription else { return nil }
    let said = output(lastBytes: 500)
    return "kubectl proxy \(how)" + (said.isEmpty ? "" : "; kubectl said: \(said)")
  }

  /// SIGTERM, then SIGKILL after `grace` seconds; removes the private directory.
  public func stop(grace: Double = 2) {
    if isRunning {
      kill(-pid, SIGTERM)
      if exited.wait(timeout: .now() + grace) == .timedOut {
        kill(-pid, SIGKILL)
        exited.wait()
      }
      exited.signal()
    }
    try? FileManager.default.removeItem(atPath: directory)
  }

  private func waitUntilReady(timeout: Double) throws(KubectlProxyError) {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let how = exitDescription {
        throw .exitedBeforeReady(how, stderr: output())
      }
      if UnixSocketProbe.accepts(socketPath) { return }
      usleep(50_000)
    }
    throw .notReady(seconds: timeout, stderr: output())
  }

  /// One thread per proxy reaps it, so its end is known at once (and a 502 can say why).
  private func watchForExit() {
    let thread = Thread { [self] in
      var status: Int32 = 0
      while waitpid(pid, &status, 0) == -1, errno == EINTR {}
      let how: String
      if status & 0x7f == 0 {
        how = "exited with status \((status >> 8) & 0xff)"
      } else {
        how = "was killed by signal \(status & 0x7f)"
      }
      lock.withLock { exitStatus = how }
      exited.signal()
    }
    thread.name = "kubectl-proxy-reaper"
    thread.start()
  }

  private static func resolveKubectl(_ configuration: Configuration) throws(KubectlProxyError)
    -> String
  {
    if let path = configuration.kubectl {
      guard FileManager.default.isExecutableFile(atPath: path) else {
        throw .kubectlNotFound(searched: [path])
      }
      return path
    }
    let directories =
      (configuration.environment["PATH"] ?? "").split(separator: ":").map(String.init)
      + ["/usr/local/bin", "/usr/bin"]
    let candidates = directories.map { $0 + "/kubectl" }
    guard let found = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
      throw .kubectlNotFound(searched: directories)
    }
    return found
  }

  /// mkdtemp creates the directory 0700; a short base keeps the socket path
  /// under the 108-byte unix socket limit.
  private static func makePrivateDirectory() throws(KubectlProxyError) -> String {
    let base =
      ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.count < 60 ? $0 : nil }
      ?? "/tmp"
    var template = Array((base + "/meta-agent-kube-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else {
      throw .privateDirectory(String(cString: strerror(errno)))
    }
    return String(cString: made)
  }
}

/// Connects to a unix socket once to see whether something listens there.
enum UnixSocketProbe {
  static func accepts(_ path: String) -> Bool {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      raw.copyBytes(from: bytes)
    }
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
      }
    }
    return result == 0
  }
}
