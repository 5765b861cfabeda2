import Foundation
import Glibc

/// A cgroup v2 directory under which each sandbox gets its own child group
/// with memory.max, memory.swap.max and pids.max, when the host delegates one.
///
/// rlimits bound each process; a cgroup bounds the sandbox as a whole and lets
/// the kernel's OOM killer name an out-of-memory death for what it is. Hosts
/// that keep memory and pids on cgroup v1 controllers (as some CI machines do)
/// get rlimits only, and every result carries a note saying so.
public struct CgroupDelegation: Sendable, Equatable {
  /// The parent directory; its cgroup.subtree_control enables memory and pids.
  public let parent: String

  /// Finds a usable parent: `META_AGENT_CGROUP` if set, else this process's own
  /// cgroup when memory and pids are already enabled for its children.
  /// - Returns: the delegation, or why there is none (for the operator's note).
  public static func detect(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    procRoot: String = "/proc"
  ) -> Result<CgroupDelegation, Unavailable> {
    if let explicit = environment["META_AGENT_CGROUP"], !explicit.isEmpty {
      return check(explicit, source: "META_AGENT_CGROUP")
    }
    guard let mountPoint = cgroup2MountPoint(mountinfo: procRoot + "/self/mountinfo") else {
      return .failure(Unavailable(reason: "no cgroup v2 hierarchy is mounted"))
    }
    guard let own = ownCgroupPath(cgroupFile: procRoot + "/self/cgroup") else {
      return .failure(Unavailable(reason: "this process is in no cgroup v2 group"))
    }
    return check(mountPoint + (own == "/" ? "" : own), source: "this process's cgroup")
  }

  public struct Unavailable: Error, Sendable, Equatable {
    public let reason: String
  }

  static func check(_ directory: String, source: String) -> Result<CgroupDelegation, Unavailable> {
    guard
      let enabled = try? String(
        contentsOfFile: directory + "/cgroup.subtree_control", encoding: .utf8)
    else {
      return .failure(Unavailable(reason: "\(source) \(directory) is not a cgroup v2 directory"))
    }
    let controllers = Set(enabled.split(whereSeparator: \.isWhitespace).map(String.init))
    let missing = ["memory", "pids"].filter { !controllers.contains($0) }
    if !missing.isEmpty {
      return .failure(
        Unavailable(
          reason:
            "\(source) \(directory) does not enable \(missing.joined(separator: ", ")) for its children"
        ))
    }
    guard access(directory, W_OK) == 0 else {
      return .failure(Unavailable(reason: "\(source) \(directory) is not writable by this user"))
    }
    return .success(CgroupDelegation(parent: directory))
  }

  /// The mount point of the cgroup2 filesystem, from /proc/self/mountinfo.
  static func cgroup2MountPoint(mountinfo: String) -> String? {
    guard let text = try? String(contentsOfFile: mountinfo, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") {
      // "36 25 0:31 / /sys/fs/cgroup rw,... shared:9 - cgroup2 cgroup2 rw,..."
      let halves = line.components(separatedBy: " - ")
      guard halves.count == 2, halves[1].hasPrefix("cgroup2 ") else { continue }
      let fields = halves[0].split(separator: " ")
      if fields.count > 4 { return String(fields[4]) }
    }
    return nil
  }

  /// This process's path in the v2 hierarchy: the "0::/path" line of /proc/self/cgroup.
  static func ownCgroupPath(cgroupFile: String) -> String? {
    guard let text = try? String(contentsOfFile: cgroupFile, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("0::") {
      return String(line.dropFirst(3))
    }
    return nil
  }

  /// Creates the group for one sandbox with its limits set.
  func makeGroup(memoryBytes: UInt64, processes: UInt64) throws(SandboxError) -> SandboxCgroup {
    let path = parent + "/meta-agent-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    guard mkdir(path, 0o755) == 0 else { throw .cgroup(step: "mkdir \(path)", errno: errno) }
    let group = SandboxCgroup(path: path)
    for (file, value) in [
      ("memory.max", String(memoryBytes)), ("memory.swap.max", "0"),
      ("pids.max", String(processes)),
    ] {
      // memory.swap.max is absent without swap accounting; the others are required.
      if !group.write(file, value) && file != "memory.swap.max" {
        let code = errno
        group.remove()
        throw .cgroup(step: "write \(file)", errno: code)
      }
    }
    return group
  }
}

/// One sandbox's cgroup: the child joins it before it continues past clone.
struct SandboxCgroup {
  let path: String
  var procsFile: String { path + "/cgroup.procs" }

  @discardableResult
  func write(_ file: String, _ value: String) -> Bool {
    let fd = open(path + "/" + file, O_WRONLY | O_CLOEXEC)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return value.withCString { Glibc.write(fd, $0, strlen($0)) } == value.utf8.count
  }

  /// How many times the kernel's OOM killer acted in this group.
  func oomKills() -> Int {
    guard let text = try? String(contentsOfFile: path + "/memory.events", encoding: .utf8) else {
      return 0
    }
    for line in text.split(separator: "\n") where line.hasPrefix("oom_kill ") {
      return Int(line.split(separator: " ").last ?? "") ?? 0
    }
    return 0
  }

  /// Removes the group once its processes are gone (rmdir fails while any remain).
  func remove() {
    for _ in 0..<50 {
      if rmdir(path) == 0 || errno == ENOENT { return }
      usleep(10_000)
    }
  }
}
