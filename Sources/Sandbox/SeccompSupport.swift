import CSeccomp
import Foundation

/// What this host offers for seccomp filtering, read without loading a filter:
/// the kernel's support, the linked libseccomp, and the actions the kernel knows.
public enum SeccompSupport {
  /// A libseccomp release, as `seccomp_version()` reports the library actually loaded.
  public struct LibraryVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    public let major: UInt32
    public let minor: UInt32
    public let micro: UInt32

    public init(major: UInt32, minor: UInt32, micro: UInt32) {
      self.major = major
      self.minor = minor
      self.micro = micro
    }

    public var description: String { "\(major).\(minor).\(micro)" }

    public static func < (lhs: LibraryVersion, rhs: LibraryVersion) -> Bool {
      (lhs.major, lhs.minor, lhs.micro) < (rhs.major, rhs.minor, rhs.micro)
    }
  }

  /// The first libseccomp with SCMP_ACT_KILL_PROCESS, which every shipped profile's default uses.
  public static let killProcessLibraryVersion = LibraryVersion(major: 2, minor: 4, micro: 0)

  /// The libseccomp this process runs with (not the headers it was built against).
  public static func libraryVersion() -> LibraryVersion? {
    guard let version = seccomp_version() else { return nil }
    return LibraryVersion(
      major: version.pointee.major, minor: version.pointee.minor, micro: version.pointee.micro)
  }

  /// libseccomp's API level for this kernel and library: 3 or more means KILL_PROCESS works.
  public static func apiLevel() -> UInt32 { seccomp_api_get() }

  /// The `Seccomp:` field of a /proc/PID/status file: 0 none, 1 strict, 2 filter;
  /// nil when the field is absent, which means a kernel built without seccomp.
  public static func kernelMode(statusFile: String = "/proc/self/status") -> Int? {
    guard let text = try? String(contentsOfFile: statusFile, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("Seccomp:") {
      return Int(line.dropFirst("Seccomp:".count).trimmingCharacters(in: .whitespaces))
    }
    return nil
  }

  /// The actions the kernel lists in /proc/sys/kernel/seccomp/actions_avail
  /// (Linux 4.14+); nil when the file cannot be read.
  public static func availableActions(procRoot: String = "/proc") -> Set<String>? {
    let file = procRoot + "/sys/kernel/seccomp/actions_avail"
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
    return Set(text.split(whereSeparator: \.isWhitespace).map(String.init))
  }
}
