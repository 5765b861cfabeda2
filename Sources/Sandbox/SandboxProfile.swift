/// What a sandboxed program may see and do, as a person wrote it in
/// `sandbox-profiles/<name>.yaml`. See docs/profiles.md for every field.
public struct SandboxProfile: Sendable, Equatable {
  public var name: String
  public var description: String
  public var filesystem: Filesystem
  public var network: NetworkMode
  public var environment: Environment
  /// The programs the sandbox may be started with (absolute paths inside it).
  public var executables: [String]
  public var limits: Limits
  public var seccomp: Seccomp
  /// Capabilities kept across execve. Dangerous: each needs an acknowledgement.
  public var capabilities: [String]
  /// Dangerous settings the author accepted on purpose, each with a written reason,
  /// keyed by the thing itself: a syscall, a capability, a host path, a variable.
  public var acknowledgements: [String: String]

  public init(
    name: String, description: String = "", filesystem: Filesystem = Filesystem(),
    network: NetworkMode = .none, environment: Environment = Environment(),
    executables: [String] = [], limits: Limits = Limits(), seccomp: Seccomp = Seccomp(),
    capabilities: [String] = [], acknowledgements: [String: String] = [:]
  ) {
    self.name = name
    self.description = description
    self.filesystem = filesystem
    self.network = network
    self.environment = environment
    self.executables = executables
    self.limits = limits
    self.seccomp = seccomp
    self.capabilities = capabilities
    self.acknowledgements = acknowledgements
  }

  /// A host path made visible inside, at the same place unless `target` says otherwise.
  public struct Bind: Sendable, Equatable {
    public var source: String
    public var target: String
    /// Skipped, rather than refused, when the host path does not exist: for
    /// files only some hosts have (a versioned kubectl beside a dispatcher).
    public var optional: Bool
    public init(_ source: String, at target: String? = nil, optional: Bool = false) {
      self.source = source
      self.target = target ?? source
      self.optional = optional
    }
  }

  public struct Tmpfs: Sendable, Equatable {
    public var path: String
    public var sizeBytes: UInt64
    public init(_ path: String, sizeBytes: UInt64 = 16 << 20) {
      self.path = path
      self.sizeBytes = sizeBytes
    }
  }

  public enum ProcMode: String, Sendable, Equatable, CaseIterable {
    /// Only the processes of the sandbox, without /proc/sys and friends (subset=pid).
    case pidOnly = "pid-only"
    /// All of proc, still for the sandbox's own PID namespace only.
    case full
    case none
  }

  public struct Filesystem: Sendable, Equatable {
    public var readOnly: [Bind]
    /// Host paths bound read-write. Dangerous: each needs an acknowledgement.
    public var writable: [Bind]
    public var tmpfs: [Tmpfs]
    public var proc: ProcMode
    public var workingDirectory: String
    public init(
      readOnly: [Bind] = [], writable: [Bind] = [], tmpfs: [Tmpfs] = [Tmpfs("/tmp")],
      proc: ProcMode = .pidOnly, workingDirectory: String = "/"
    ) {
      self.readOnly = readOnly
      self.writable = writable
      self.tmpfs = tmpfs
      self.proc = proc
      self.workingDirectory = workingDirectory
    }
  }

  public enum NetworkMode: String, Sendable, Equatable, CaseIterable {
    /// A network namespace with no interface up: no route anywhere.
    case none
    /// Only the sandbox's own loopback (not the host's).
    case loopback
    /// Loopback plus a relay to the host's read-only Kubernetes gateway.
    case kubeGateway = "kube-gateway"
  }

  public struct Environment: Sendable, Equatable {
    /// Variables copied from the caller when set; everything else is scrubbed.
    public var pass: [String]
    /// Variables set to fixed values.
    public var set: [String: String]
    public init(pass: [String] = [], set: [String: String] = [:]) {
      self.pass = pass
      self.set = set
    }
  }

  public struct Limits: Sendable, Equatable {
    public var cpuSeconds: UInt64
    public var memoryBytes: UInt64
    public var processes: UInt64
    public var openFiles: UInt64
    public var fileSizeBytes: UInt64
    public var wallTimeSeconds: Double
    public var outputBytes: Int
    public init(
      cpuSeconds: UInt64 = 10, memoryBytes: UInt64 = 512 << 20, processes: UInt64 = 16,
      openFiles: UInt64 = 64, fileSizeBytes: UInt64 = 16 << 20, wallTimeSeconds: Double = 30,
      outputBytes: Int = 1 << 20
    ) {
      self.cpuSeconds = cpuSeconds
      self.memoryBytes = memoryBytes
      self.processes = processes
      self.openFiles = openFiles
      self.fileSizeBytes = fileSizeBytes
      self.wallTimeSeconds = wallTimeSeconds
      self.outputBytes = outputBytes
    }
  }

  public enum SeccompDefault: String, Sendable, Equatable, CaseIterable {
    /// A syscall outside the allow-list kills the whole process (SIGSYS).
    case killProcess = "kill-process"
    /// A syscall outside the allow-list fails with EPERM.
    case errno
  }

  public struct Seccomp: Sendable, Equatable {
    public var defaultAction: SeccompDefault
    /// Group names ("@basic-io") and single syscalls.
    public var allow: [String]
    /// Syscalls answered with an error number instead of running, e.g. clone3: ENOSYS.
    public var errno: [String: String]
    /// Address families socket(2) may create; others fail with EAFNOSUPPORT.
    public var socketFamilies: [String]
    public init(
      defaultAction: SeccompDefault = .killProcess, allow: [String] = [],
      errno: [String: String] = [:], socketFamilies: [String] = ["unix"]
    ) {
      self.defaultAction = defaultAction
      self.allow = allow
      self.errno = errno
      self.socketFamilies = socketFamilies
    }
  }
}
