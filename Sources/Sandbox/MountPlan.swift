import CSandboxSpawn
import Glibc

/// The ordered list of filesystem operations that build a sandbox's root.
///
/// Computed in the parent, where we may look at the host (lstat, readlink) and
/// allocate; the child only replays it. Targets are paths inside the sandbox.
struct MountPlan: Equatable {
  enum Kind: Int32 {
    case mkdir = 1
    case mkfile = 2
    case bindReadOnly = 3
    case bindWritable = 4
    case tmpfs = 5
    case proc = 6
    case symlink = 7
    case remountReadOnly = 8
    case bindDevice = 9
  }

  struct Operation: Equatable, CustomStringConvertible {
    var kind: Kind
    var source: String?
    var target: String
    var data: String?

    var description: String {
      switch kind {
      case .mkdir: return "mkdir \(target)"
      case .mkfile: return "create \(target)"
      case .bindReadOnly: return "bind \(source ?? "") -> \(target) (read-only)"
      case .bindWritable: return "bind \(source ?? "") -> \(target) (writable)"
      case .bindDevice: return "bind device \(source ?? "") -> \(target)"
      case .tmpfs: return "tmpfs \(target)"
      case .proc: return "proc \(target)"
      case .symlink: return "symlink \(target) -> \(source ?? "")"
      case .remountReadOnly: return "remount \(target) read-only"
      }
    }
  }

  private enum Mount {
    case bind(SandboxProfile.Bind, Kind)
    case tmpfs(SandboxProfile.Tmpfs)

    var depth: Int {
      switch self {
      case .bind(let bind, _): return bind.target.split(separator: "/").count
      case .tmpfs(let tmpfs): return tmpfs.path.split(separator: "/").count
      }
    }
  }

  static let devices = ["null", "zero", "full", "random", "urandom"]

  private(set) var operations: [Operation] = []
  private var made: Set<String> = ["/"]
  private var symlinks: [Operation] = []

  /// - Parameters:
  ///   - extraReadOnly: binds the caller adds for this run, such as the tool's own directory.
  ///   - hiddenPaths: host directories that must stay invisible even if a bind covers
  ///     them (the workspace's keys and state); each gets an empty read-only tmpfs on top.
  init(
    profile: SandboxProfile, extraReadOnly: [SandboxProfile.Bind] = [], hiddenPaths: [String] = []
  ) throws(SandboxError) {
    let fs = profile.filesystem
    let readOnly = fs.readOnly + extraReadOnly
    // Parents before children, whatever their kind: a tmpfs on /tmp made after a
    // bind of /tmp/tool would hide the bind.
    var mounts: [(depth: Int, order: Int, mount: Mount)] = []
    for bind in readOnly { mounts.append((0, mounts.count, .bind(bind, .bindReadOnly))) }
    for bind in fs.writable { mounts.append((0, mounts.count, .bind(bind, .bindWritable))) }
    for tmpfs in fs.tmpfs { mounts.append((0, mounts.count, .tmpfs(tmpfs))) }
    for index in mounts.indices { mounts[index].depth = mounts[index].mount.depth }
    for entry in mounts.sorted(by: { ($0.depth, $0.order) < ($1.depth, $1.order) }) {
      switch entry.mount {
      case .bind(let bind, let kind):
        try addBind(bind, kind: kind, allBinds: readOnly + fs.writable)
      case .tmpfs(let tmpfs):
        try requireAbsolute(tmpfs.path, field: "filesystem.tmpfs")
        makeDirectories(tmpfs.path)
        let mode = tmpfs.path == "/tmp" ? "1777" : "0755"
        operations.append(
          Operation(kind: .tmpfs, target: tmpfs.path, data: "size=\(tmpfs.sizeBytes),mode=\(mode)"))
      }
    }
    addDevices()
    switch fs.proc {
    case .pidOnly, .full:
      makeDirectories("/proc")
      operations.append(
        Operation(kind: .proc, target: "/proc", data: fs.proc == .pidOnly ? "subset=pid" : nil))
    case .none:
      break
    }
    for hidden in hiddenPaths {
      // Only what exists can be covered; a directory gets an empty read-only tmpfs,
      // a file /dev/null bound nodev (so opening it fails).
      var info = stat()
      guard stat(hidden, &info) == 0 else { continue }
      for bind in readOnly + fs.writable {
        guard let inside = MountPlan.insidePath(of: hidden, under: bind) else { continue }
        if info.st_mode & S_IFMT == S_IFDIR {
          operations.append(Operation(kind: .tmpfs, target: inside, data: "size=4k,mode=000"))
          operations.append(Operation(kind: .remountReadOnly, target: inside))
        } else {
          operations.append(Operation(kind: .bindReadOnly, source: "/dev/null", target: inside))
        }
      }
    }
    try requireAbsolute(fs.workingDirectory, field: "filesystem.working_directory")
    makeDirectories(fs.workingDirectory)
    // Symlinks last: an absolute link target would not resolve while the root is built.
    operations += symlinks
  }

  /// Where a host path appears inside the sandbox through a bind, if it does.
  static func insidePath(of hostPath: String, under bind: SandboxProfile.Bind) -> String? {
    if hostPath == bind.source { return bind.target }
    let prefix = bind.source.hasSuffix("/") ? bind.source : bind.source + "/"
    guard hostPath.hasPrefix(prefix) else { return nil }
    let rest = hostPath.dropFirst(prefix.count)
    return bind.target == "/" ? "/" + rest : bind.target + "/" + rest
  }

  private mutating func addBind(
    _ bind: SandboxProfile.Bind, kind: Kind, allBinds: [SandboxProfile.Bind]
  ) throws(SandboxError) {
    try requireAbsolute(bind.source, field: "filesystem bind source")
    try requireAbsolute(bind.target, field: "filesystem bind target")
    var info = stat()
    guard lstat(bind.source, &info) == 0 else {
      if bind.optional { return }
      throw .missingBindSource(bind.source)
    }
    guard let resolved = MountPlan.realPath(bind.source) else {
      throw .missingBindSource(bind.source)
    }
    if info.st_mode & S_IFMT == S_IFLNK {
      // /bin -> usr/bin beside a bind of /usr: recreate the link, as the host has it.
      // A link to something not bound otherwise (ld.so's /lib64 name) is bound by
      // what it points to, as mount(2) itself would do.
      let coveredElsewhere = allBinds.contains { other in
        other != bind && MountPlan.insidePath(of: resolved, under: other) != nil
      }
      if coveredElsewhere, let destination = MountPlan.linkDestination(bind.source) {
        makeDirectories(MountPlan.parent(of: bind.target))
        symlinks.append(Operation(kind: .symlink, source: destination, target: bind.target))
        return
      }
      guard stat(resolved, &info) == 0 else { throw .missingBindSource(bind.source) }
    }
    if info.st_mode & S_IFMT == S_IFDIR {
      makeDirectories(bind.target)
    } else {
      makeDirectories(MountPlan.parent(of: bind.target))
      operations.append(Operation(kind: .mkfile, target: bind.target))
    }
    operations.append(Operation(kind: kind, source: resolved, target: bind.target))
  }

  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  static func linkDestination(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink(path, &buffer, Int(PATH_MAX))
    guard count > 0 else { return nil }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  private mutating func addDevices() {
    makeDirectories("/dev")
    operations.append(Operation(kind: .tmpfs, target: "/dev", data: "size=64k,mode=0755"))
    for device in MountPlan.devices {
      operations.append(Operation(kind: .mkfile, target: "/dev/\(device)"))
      operations.append(
        Operation(kind: .bindDevice, source: "/dev/\(device)", target: "/dev/\(device)"))
    }
    operations.append(Operation(kind: .symlink, source: "/proc/self/fd", target: "/dev/fd"))
    for (index, name) in ["stdin", "stdout", "stderr"].enumerated() {
      operations.append(
        Operation(kind: .symlink, source: "/proc/self/fd/\(index)", target: "/dev/\(name)"))
    }
    operations.append(Operation(kind: .remountReadOnly, target: "/dev"))
  }

  /// mkdir -p, remembering what the plan already made.
  private mutating func makeDirectories(_ path: String) {
    var current = ""
    for component in path.split(separator: "/") {
      current += "/" + component
      if made.insert(current).inserted {
        operations.append(Operation(kind: .mkdir, target: current))
      }
    }
  }

  private func requireAbsolute(_ path: String, field: String) throws(SandboxError) {
    if !path.hasPrefix("/") || path.split(separator: "/").contains("..") {
      throw .relativePath(field: field, path: path)
    }
  }

  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
    return String(path[..<slash])
  }
}
