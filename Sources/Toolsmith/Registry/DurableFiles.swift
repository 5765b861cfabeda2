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

  /// A fresh private directory `<directory>/.staging-XXXXXX`.
  static func makeStagingDirectory(in directory: URL) throws(RegistryError) -> URL {
    var template = Array(directory.appendingPathComponent(".staging-XXXXXX").path.utf8CString)
    let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    guard made != nil else { throw failure(directory.path, "mkdtemp") }
    let path = template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return URL(fileURLWithPath: String(decoding: path, as: UTF8.self))
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
