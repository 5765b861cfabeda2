import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a file so that readers see either the old or the new content, never
/// half of it: a fresh temp file in the same directory, fsync, rename, fsync of
/// the directory. The temp file is created with its final mode, so a key is
/// never readable by others, not even for a moment.
public enum AtomicFile {
  public static func write(_ data: Data, to url: URL, mode: mode_t = 0o644) throws {
    let path = url.path
    let dir = url.deletingLastPathComponent().path
    let tempPath =
      dir + "/.\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(tempPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard fd >= 0 else { throw failure(path, "cannot create \(tempPath)") }
    var ok = false
    defer {
      if !ok { unlink(tempPath) }
    }
    // The umask may have masked bits off at open; set exactly what was asked.
    guard fchmod(fd, mode) == 0 else {
      close(fd)
      throw failure(path, "cannot set mode")
    }
    let written = data.withUnsafeBytes { buffer -> Bool in
      var offset = 0
      while offset < buffer.count {
        let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          return false
        }
        offset += n
      }
      return true
    }
    guard written, fsync(fd) == 0 else {
      close(fd)
      throw failure(path, "write failed")
    }
    close(fd)
    guard rename(tempPath, path) == 0 else { throw failure(path, "rename failed") }
    ok = true
    syncDirectory(dir)
  }

  /// Makes a directory (and parents) and sets its mode exactly, whether it was new or not.
  static func makeDirectory(_ url: URL, mode: mode_t) throws {
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw GovernanceError.writeFailed(path: url.path, reason: "\(error.localizedDescription)")
    }
    guard chmod(url.path, mode) == 0 else { throw failure(url.path, "cannot set mode") }
  }

  static func syncDirectory(_ path: String) {
    let dirFD = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if dirFD >= 0 {
      fsync(dirFD)
      close(dirFD)
    }
  }

  private static func failure(_ path: String, _ what: String) -> GovernanceError {
    .writeFailed(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
  }
}
