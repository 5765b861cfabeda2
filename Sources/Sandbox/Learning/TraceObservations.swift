/// What a traced run did, as far as its trace shows: the system calls the
/// program entered, the paths it found, the directories it listed, the
/// programs it executed and the sockets it made.
public struct TraceObservations: Sendable, Equatable {
  /// A process that seccomp killed, and the system call it was in.
  public struct SeccompKill: Sendable, Equatable {
    public var process: Int
    public var syscall: String?
  }

  /// Every system call entered, by its name on this architecture.
  public var syscalls: Set<String> = []
  /// Calls strace could only print by number (`syscall_0x1b4`): the kernel
  /// knows them, libseccomp's tables on this host may not.
  public var unnamedSyscalls: Set<String> = []
  /// Absolute paths inside the sandbox that were looked up and found (the call
  /// succeeded, or failed for a reason other than the path being absent).
  public var paths: Set<String> = []
  /// Directories opened as directories (O_DIRECTORY) or listed (getdents).
  public var listedDirectories: Set<String> = []
  /// Programs started with execve, in order, as paths inside the sandbox.
  public var executed: [String] = []
  /// Address families (`unix`, `inet`...) of sockets created.
  public var socketFamilies: Set<String> = []
  /// Address families whose socket(2) failed (the profile refused them, or the kernel).
  public var refusedSocketFamilies: Set<String> = []
  /// connect(2) targets as strace printed them, for the person reviewing.
  public var connections: [String] = []
  /// Relative paths whose directory the trace does not show (a dirfd opened
  /// before we could see it); they are left out of the path set.
  public var unplacedPaths = 0
  public var seccompKills: [SeccompKill] = []
  /// How many processes and threads the trace covers.
  public var processCount = 0

  public init() {}
}
