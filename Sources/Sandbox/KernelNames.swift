import CSeccomp

/// The kernel's names that profiles may use, with the numbers the launcher needs.
/// Static tables rather than lookups in headers, so a profile is checked the same
/// way on every machine.
public enum KernelNames {
  /// Error numbers a profile may answer a syscall with: the launcher's seccomp
  /// compiler knows exactly these (x86_64 and aarch64 agree on the numbers).
  public static let errnos: [String: Int32] = [
    "EPERM": 1, "ENOENT": 2, "ESRCH": 3, "EIO": 5, "ENXIO": 6, "EBADF": 9, "EAGAIN": 11,
    "ENOMEM": 12, "EACCES": 13, "EEXIST": 17, "ENODEV": 19, "ENOTDIR": 20, "EISDIR": 21,
    "EINVAL": 22, "EMFILE": 24, "ENOTTY": 25, "ENOSPC": 28, "EROFS": 30, "ENOSYS": 38,
    "EOPNOTSUPP": 95, "ENOTSUP": 95, "EAFNOSUPPORT": 97,
  ]

  /// The symbolic name of an errno value, e.g. "EPERM", for reports.
  public static func errnoName(_ code: Int32) -> String {
    errnos.filter { $0.value == code }.map(\.key).sorted().first ?? "errno \(code)"
  }

  /// Address families `seccomp.socket_families` may name, to their AF_* numbers.
  public static let socketFamilies: [String: Int32] = [
    "unix": 1, "inet": 2, "inet6": 10, "netlink": 16, "packet": 17, "vsock": 40,
    "bluetooth": 31, "alg": 38, "can": 29,
  ]

  /// Every Linux capability, in kernel order: the index is the capability number.
  public static let capabilities: [String] = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
    "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
    "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
    "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
    "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
  ]

  /// The syscall's number on this machine's architecture, or nil when libseccomp
  /// does not know it here (unknown names and other architectures' syscalls
  /// resolve to negative numbers).
  public static func syscallNumber(_ name: String) -> Int32? {
    let number = seccomp_syscall_resolve_name(name)
    return number >= 0 ? number : nil
  }
}

/// The known name closest to `word` by edit distance, if it is close enough to be a typo.
func closestName(to word: String, in candidates: some Sequence<String>) -> String? {
  let lowered = word.lowercased()
  var best: (name: String, distance: Int)?
  for candidate in candidates {
    let distance = editDistance(lowered, candidate.lowercased())
    if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
  }
  guard let best, best.distance <= max(2, word.count / 3) else { return nil }
  return best.name
}

/// Levenshtein distance: insertions, deletions and substitutions each cost one.
private func editDistance(_ left: String, _ right: String) -> Int {
  let a = Array(left)
  let b = Array(right)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
      current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
