import Glibc

/// Narrows a profile's binds to what a traced run looked at, never wider than
/// the binds it started from.
///
/// A bind nothing was found under is dropped. A file bind that was used stays.
/// Under a directory bind, the learned binds are the files used, except that a
/// directory becomes one bind when the program listed it (a module finder, a
/// plugin scan: it expects every entry), when it holds `collapseThreshold` or
/// more of the used files (many files under one dir read as "this dir"), or
/// when the directory itself was looked at and nothing under it was.
/// Writable binds are kept whole when anything under them was used.
struct BindReducer {
  /// Used files in one directory at which the directory is bound instead.
  static let collapseThreshold = 8

  let filesystem: SandboxProfile.Filesystem

  /// The reduced read-only and writable binds.
  func reduce(paths: Set<String>, listed: Set<String>) -> (
    readOnly: [SandboxProfile.Bind], writable: [SandboxProfile.Bind]
  ) {
    let binds = filesystem.readOnly.map { ($0, false) } + filesystem.writable.map { ($0, true) }
    var used: [Int: Set<String>] = [:]
    var needed = paths
    // The working directory must exist inside; a bind reaching it keeps it.
    if filesystem.workingDirectory != "/"
      && !filesystem.tmpfs.contains(where: { Self.isInside(filesystem.workingDirectory, $0.path) })
    {
      needed.insert(filesystem.workingDirectory)
    }
    for path in needed {
      let owners = binds.indices.filter { Self.isInside(path, binds[$0].0.target) }
      guard let owner = owners.max(by: { binds[$0].0.target.count < binds[$1].0.target.count })
      else { continue }
      used[owner, default: []].insert(path)
    }
    var readOnly: [SandboxProfile.Bind] = []
    var writable: [SandboxProfile.Bind] = []
    for (index, (bind, isWritable)) in binds.enumerated() {
      guard let inside = used[index], !inside.isEmpty else { continue }
      if isWritable {
        writable.append(bind)
      } else {
        readOnly += narrow(bind, used: inside, listed: listed)
      }
    }
    return (readOnly, writable)
  }

  /// The binds under `bind` that cover `used`.
  private func narrow(_ bind: SandboxProfile.Bind, used: Set<String>, listed: Set<String>)
    -> [SandboxProfile.Bind]
  {
    guard Self.isDirectory(bind.source) else { return [bind] }
    let host = { (inside: String) in Self.hostPath(of: inside, under: bind) }
    let existing = used.filter { Self.exists(host($0)) }
    let directories = Set(existing.filter { Self.isDirectory(host($0)) })
    var whole = Set(listed.filter { Self.isInside($0, bind.target) && Self.isDirectory(host($0)) })
    var children: [String: Set<String>] = [:]
    for path in existing where path != bind.target {
      children[Self.parent(of: path), default: []].insert(path)
    }
    for (directory, entries) in children
    where entries.count >= Self.collapseThreshold && Self.isInside(directory, bind.target) {
      whole.insert(directory)
    }
    for directory in directories
    where !existing.contains(where: { $0 != directory && Self.isInside($0, directory) }) {
      whole.insert(directory)
    }
    let outermost = whole.filter { candidate in
      !whole.contains { $0 != candidate && Self.isInside(candidate, $0) }
    }
    if outermost.contains(bind.target) { return [bind] }
    let files = existing.filter { path in
      !directories.contains(path) && !outermost.contains { Self.isInside(path, $0) }
    }
    return (outermost.union(files)).sorted().map { inside in
      SandboxProfile.Bind(host(inside), at: inside, optional: bind.optional)
    }
  }

  /// Whether `path` is `directory` itself or lies below it.
  static func isInside(_ path: String, _ directory: String) -> Bool {
    directory == "/" || path == directory || path.hasPrefix(directory + "/")
  }

  static func hostPath(of inside: String, under bind: SandboxProfile.Bind) -> String {
    if inside == bind.target { return bind.source }
    let rest = inside.dropFirst(bind.target == "/" ? 1 : bind.target.count + 1)
    return bind.source == "/" ? "/" + rest : bind.source + "/" + rest
  }

  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
    return String(path[..<slash])
  }

  static func exists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  /// A directory, or a symlink to one (stat follows links).
  static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }
}
