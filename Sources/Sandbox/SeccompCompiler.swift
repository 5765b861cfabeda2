import CSandboxSpawn
import CSeccomp
import Glibc

/// A compiled seccomp program (`struct sock_filter[]`), ready for the child to load.
public struct SeccompProgram: Sendable, Equatable {
  public let bytes: [UInt8]
  public var instructionCount: Int { bytes.count / 8 }
}

/// Turns a profile's seccomp section into a BPF program with libseccomp.
///
/// The filter is built and exported in the parent because libseccomp allocates
/// memory, which the child must not do between clone and execve; the child
/// only hands the finished program to the kernel.
public enum SeccompCompiler {
  // libseccomp's action macros with arguments do not import into Swift.
  static let actionAllow: UInt32 = 0x7fff_0000
  static let actionKillProcess: UInt32 = 0x8000_0000
  static func actionErrno(_ code: Int32) -> UInt32 { 0x0005_0000 | (UInt32(code) & 0xffff) }

  /// Every namespace flag: a clone asking for any of them is refused.
  static let cloneNamespaceFlags = msb_clone_namespace_flags()
  /// The child's error-report fd (MSB_REPORT_FD), which closes at execve.
  public static let reportFD = Int(MSB_REPORT_FD)
  /// One past the highest address family the kernel knows (AF_MAX).
  static let knownFamilyCount: UInt64 = 46
  static let tiocsti: UInt64 = 0x5412
  static let tioclinux: UInt64 = 0x541C

  /// The programs to load, in order: (when ioctl is allowed) a guard that
  /// refuses the terminal-injection requests, then the profile's policy. The
  /// guard goes first because loading a filter is itself a syscall (prctl) that
  /// the profile's policy need not allow.
  public static func compile(_ spec: SandboxProfile.Seccomp) throws(SandboxError)
    -> [SeccompProgram]
  {
    let policy = try compilePolicy(spec)
    let (allowed, _) = SyscallGroups.expand(spec.allow)
    guard allowed.contains("ioctl") && spec.errno["ioctl"] == nil else { return [policy] }
    return [try compileTerminalGuard(), policy]
  }

  /// Typing into the controlling terminal's input queue (TIOCSTI) is how a tool
  /// escapes to the operator's shell; TIOCLINUX can do the same on a console.
  /// libseccomp drops conditional rules beside an unconditional one, so this
  /// lives in its own filter whose default is to allow.
  static func compileTerminalGuard() throws(SandboxError) -> SeccompProgram {
    guard let ctx = seccomp_init(actionAllow) else {
      throw .seccomp(step: "seccomp_init", errno: ENOMEM)
    }
    defer { seccomp_release(ctx) }
    _ = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, actionKillProcess)
    _ = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)
    let number = try resolve("ioctl")
    for request in [tiocsti, tioclinux] {
      // The kernel reads the request as 32 bits: compare only those.
      try add(
        ctx, actionErrno(EPERM), number, "ioctl",
        [condition(1, SCMP_CMP_MASKED_EQ, 0xffff_ffff, request)])
    }
    return try export(ctx)
  }

  static func compilePolicy(_ spec: SandboxProfile.Seccomp) throws(SandboxError) -> SeccompProgram {
    let defaultAction =
      spec.defaultAction == .killProcess ? actionKillProcess : actionErrno(EPERM)
    guard let ctx = seccomp_init(defaultAction) else {
      throw .seccomp(step: "seccomp_init", errno: ENOMEM)
    }
    defer { seccomp_release(ctx) }
    _ = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, actionKillProcess)
    // We set no_new_privs ourselves, in its place in the child's sequence.
    _ = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)

    let (allowed, unknownGroups) = SyscallGroups.expand(spec.allow)
    if let group = unknownGroups.first { throw .unknownSyscallGroup(group) }
    var errnoAnswers = SyscallGroups.defaultErrno
    for (name, code) in spec.errno { errnoAnswers[name] = code }

    // An explicit errno answer beats an allow; a default answer (clone3) beats a
    // group but not a syscall the author listed by name.
    let allowRules = allowed.filter { name in
      spec.errno[name] == nil
        && (SyscallGroups.defaultErrno[name] == nil || spec.allow.contains(name))
    }
    for name in allowRules {
      let number = try resolve(name)
      switch name {
      case "clone":
        // Threads and plain forks only: a clone asking for new namespaces is refused.
        try add(
          ctx, actionAllow, number, name,
          [condition(0, SCMP_CMP_MASKED_EQ, cloneNamespaceFlags, 0)])
      case "socket":
        try addSocketRules(ctx, number, families: spec.socketFamilies)
      default:
        try add(ctx, actionAllow, number, name, [])
      }
    }
    // What the launcher itself needs after the filter is loaded: execve to start
    // the program, and on failure a write to the report fd and exit_group.
    for name in ["execve", "exit_group"] where !allowRules.contains(name) {
      try add(ctx, actionAllow, try resolve(name), name, [])
    }
    if !allowRules.contains("write") {
      try add(
        ctx, actionAllow, try resolve("write"), "write",
        [condition(0, SCMP_CMP_EQ, UInt64(reportFD), 0)])
    }
    for (name, codeName) in errnoAnswers.sorted(by: { $0.key < $1.key })
    where !allowRules.contains(name) {
      guard let code = KernelNames.errnos[codeName.uppercased()] else {
        throw .unknownErrno(codeName)
      }
      try add(ctx, actionErrno(code), try resolve(name), name, [])
    }
    return try export(ctx)
  }

  /// The syscall number on this machine's architecture.
  static func resolve(_ name: String) throws(SandboxError) -> Int32 {
    guard let number = KernelNames.syscallNumber(name) else { throw .unknownSyscall(name) }
    return number
  }

  private static func condition(
    _ arg: UInt32, _ op: scmp_compare, _ a: UInt64, _ b: UInt64
  ) -> scmp_arg_cmp {
    scmp_arg_cmp(arg: arg, op: op, datum_a: a, datum_b: b)
  }

  private static func add(
    _ ctx: scmp_filter_ctx, _ action: UInt32, _ number: Int32, _ name: String,
    _ conditions: [scmp_arg_cmp]
  ) throws(SandboxError) {
    let rc = conditions.withUnsafeBufferPointer {
      seccomp_rule_add_array(ctx, action, number, UInt32($0.count), $0.baseAddress)
    }
    // -EEXIST: the same rule twice (a syscall in two groups) is harmless.
    if rc != 0 && rc != -EEXIST { throw .seccomp(step: "add rule for \(name)", errno: -rc) }
  }

  /// Allowed families pass; every other known family fails with EAFNOSUPPORT, as
  /// if the kernel lacked it, which programs handle; anything past them is killed.
  private static func addSocketRules(
    _ ctx: scmp_filter_ctx, _ number: Int32, families: [String]
  ) throws(SandboxError) {
    var allowedNumbers = Set<UInt64>()
    for family in families {
      guard let value = KernelNames.socketFamilies[family.lowercased()] else {
        throw .unknownSocketFamily(family)
      }
      allowedNumbers.insert(UInt64(value))
    }
    for value in UInt64(0)..<knownFamilyCount {
      let action = allowedNumbers.contains(value) ? actionAllow : actionErrno(EAFNOSUPPORT)
      try add(ctx, action, number, "socket", [condition(0, SCMP_CMP_EQ, value, 0)])
    }
  }

  private static func export(_ ctx: scmp_filter_ctx) throws(SandboxError) -> SeccompProgram {
    let fd = msb_memfd("meta-agent-seccomp")
    if fd < 0 { throw .seccomp(step: "memfd_create", errno: errno) }
    defer { close(fd) }
    let rc = seccomp_export_bpf(ctx, fd)
    if rc != 0 { throw .seccomp(step: "seccomp_export_bpf", errno: -rc) }
    let size = lseek(fd, 0, SEEK_END)
    if size <= 0 || size % 8 != 0 { throw .seccomp(step: "read exported filter", errno: EIO) }
    var bytes = [UInt8](repeating: 0, count: Int(size))
    let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, Int(size), 0) }
    if got != size { throw .seccomp(step: "read exported filter", errno: errno) }
    return SeccompProgram(bytes: bytes)
  }
}
