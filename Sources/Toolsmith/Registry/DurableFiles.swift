import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The few POSIX steps an atomic install needs: write + fsync, rename, fsync a directory.
enum DurableFiles {
  /// Creates `url` (it must not exist), writes `data` and fsyncs it.
  static func writeNew(_ data: Data, to url: URL, mode: mode_t = 0o644) throws(RegistryError) {
    let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard fd >= 0 else { throw failure(url.path, "open") }
    defer { close(fd) }
    let bytes = [UInt8](data)
    var written = 0
    while written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw failure(url.path, "write")
      }
      written += count
    }
    guard fchmod(fd, mode) == 0 else { throw failure(url.path, "chmod") }
    guard fsync(fd) == 0 else { throw failure(url.path, "fsync") }
  }

  /// A fresh private directory `<directory>/.staging-XXXXXX`, locked (flock) for as
  /// long as the returned descriptor is open, so a cleanup never removes it midway;
  /// a kill -9 closes the descriptor and leaves it unlocked, hence removable.
  static func makeStagingDirectory(in directory: URL) throws(RegistryError) -> StagingDirectory {
    // A cleanup may remove the directory between mkdtemp and the lock: then try again.
    for _ in 0..<8 {
      var template = Array(directory.appendingPathComponent(".staging-XXXXXX").path.utf8CString)
      let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
      guard made != nil else { throw failure(directory.path, "mkdtemp") }
      let path = String(
        decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      guard fd >= 0 else {
        if errno == ENOENT { continue }
        throw failure(path, "open staging directory")
      }
      guard flock(fd, LOCK_EX) == 0 else {
        let failed = failure(path, "lock staging directory")
        close(fd)
        throw failed
      }
      var status = stat()
      if fstat(fd, &status) == 0 && status.st_nlink == 0 {
        close(fd)
        continue
      }
      return StagingDirectory(url: URL(fileURLWithPath: path), descriptor: fd)
    }
    throw .installFailed(
      path: directory.path, reason: "staging directories keep disappearing while being locked")
  }

  /// How long a stray non-directory `.staging-*` entry may sit before it is removed.
  static let strayStagingSeconds: TimeInterval = 60

  /// Removes what interrupted deploys left in `directory`: every `.staging-*`
  /// directory no live deploy holds locked, and any other `.staging-*` entry older
  /// than a minute. Best effort: what cannot be removed now is tried next time.
  /// Returns the names removed.
  @discardableResult
  static func removeAbandonedStaging(in directory: URL, now: Date = Date()) -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
      return []
    }
    var removed: [String] = []
    for name in names.sorted() where name.hasPrefix(".staging-") {
      let path = directory.appendingPathComponent(name).path
      var status = stat()
      guard lstat(path, &status) == 0 else { continue }
      if (status.st_mode & S_IFMT) == S_IFDIR {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { continue }
        defer { close(fd) }
        // Held by a deploy in progress: leave it alone.
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { continue }
        if (try? FileManager.default.removeItem(atPath: path)) != nil { removed.append(name) }
      } else {
        let modified = Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec))
        guard now.timeIntervalSince(modified) > strayStagingSeconds else { continue }
        if Glibc.unlink(path) == 0 { removed.append(name) }
      }
    }
    return removed
  }

  static func rename(_ source: URL, to destination: URL) throws(RegistryError) {
    guard Glibc.rename(source.path, destination.path) == 0 else {
      throw failure(destination.path, "rename from \(source.lastPathComponent)")
    }
  }

  /// Removes a file; a file already gone is fine.
  static func unlink(_ url: URL) throws(RegistryError) {
    guard Glibc.unlink(url.path) == 0 || errno == ENOENT else { throw failure(url.path, "unlink") }
  }

  /// Makes the directory's entries (renames, unlinks) durable.
  static func syncDirectory(_ url: URL) throws(RegistryError) {
    let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw failure(url.path, "open directory") }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw failure(url.path, "fsync directory") }
  }

  private static func failure(_ path: String, _ step: String) -> RegistryError {
    .installFailed(path: path, reason: "\(step): \(String(cString: strerror(errno)))")
  }
}

/// A staging directory and the descriptor that holds its lock; `release` unlocks it.
struct StagingDirectory {
  let url: URL
  let descriptor: Int32

  func release() { close(descriptor) }
}
