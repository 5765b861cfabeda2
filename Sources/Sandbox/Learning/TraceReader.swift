import Foundation

/// Reads the per-process files of `strace -ff -o PREFIX` into what the run did.
///
/// Paths are followed the way the kernel resolves them for each call: absolute
/// ones as written, relative ones against the working directory (tracked
/// through chdir/fchdir) or the directory fd (tracked through open/openat and
/// close). Each file starts in the sandbox's working directory, since `-ff`
/// does not say which process forked which.
enum TraceReader {
  /// The path arguments of each path-taking call: the index of the path, and
  /// of the directory fd it is relative to (nil: the working directory).
  static let pathArguments: [String: [(directory: Int?, path: Int)]] = [
    "open": [(nil, 0)], "creat": [(nil, 0)], "openat": [(0, 1)], "openat2": [(0, 1)],
    "stat": [(nil, 0)], "lstat": [(nil, 0)], "newfstatat": [(0, 1)], "statx": [(0, 1)],
    "access": [(nil, 0)], "faccessat": [(0, 1)], "faccessat2": [(0, 1)],
    "readlink": [(nil, 0)], "readlinkat": [(0, 1)], "execve": [(nil, 0)], "execveat": [(0, 1)],
    "chdir": [(nil, 0)], "statfs": [(nil, 0)], "truncate": [(nil, 0)],
    "getxattr": [(nil, 0)], "lgetxattr": [(nil, 0)], "listxattr": [(nil, 0)],
    "llistxattr": [(nil, 0)], "mkdir": [(nil, 0)], "mkdirat": [(0, 1)], "rmdir": [(nil, 0)],
    "unlink": [(nil, 0)], "unlinkat": [(0, 1)], "rename": [(nil, 0), (nil, 1)],
    "renameat": [(0, 1), (2, 3)], "renameat2": [(0, 1), (2, 3)], "link": [(nil, 0), (nil, 1)],
    "linkat": [(0, 1), (2, 3)], "symlink": [(nil, 1)], "symlinkat": [(1, 2)],
    "chmod": [(nil, 0)], "fchmodat": [(0, 1)], "chown": [(nil, 0)], "lchown": [(nil, 0)],
    "fchownat": [(0, 1)], "utimensat": [(0, 1)], "utimes": [(nil, 0)],
    "inotify_add_watch": [(nil, 1)],
  ]

  /// Errors that mean "there is nothing at that path": such lookups need no bind.
  static let absentErrors: Set<String> = ["ENOENT", "ENOTDIR", "ENAMETOOLONG", "ELOOP"]

  /// Reads every `PREFIX.PID` file in `directory`.
  static func read(directory: String, prefix: String, workingDirectory: String) throws(LearnError)
    -> TraceObservations
  {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      throw .traceUnreadable(path: directory, reason: "\(error.localizedDescription)")
    }
    let files = names.compactMap { name -> (Int, String)? in
      guard name.hasPrefix(prefix + "."), let pid = Int(name.dropFirst(prefix.count + 1)) else {
        return nil
      }
      return (pid, directory + "/" + name)
    }.sorted { $0.0 < $1.0 }
    var observations = TraceObservations()
    for (index, (pid, file)) in files.enumerated() {
      guard let data = FileManager.default.contents(atPath: file) else {
        throw .traceUnreadable(path: file, reason: "cannot be read")
      }
      // The first process is strace's child: before its execve it runs strace's code.
      var process = ProcessTrace(
        pid: pid, workingDirectory: workingDirectory, startsAtExecve: index == 0)
      process.read(String(decoding: data, as: UTF8.self), into: &observations)
    }
    observations.processCount = files.count
    return observations
  }

  /// `a/./b/../c` → `a/c`, with no doubled or trailing slash.
  static func normalize(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
      if part == "." { continue }
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
  }
}

/// The state of one traced thread while its file is read.
private struct ProcessTrace {
  let pid: Int
  var workingDirectory: String
  /// Open file descriptors whose path the trace showed.
  var descriptors: [Int: String] = [:]
  var lastCall: String?
  /// Whether calls before the first execve are skipped (they are the tracer's).
  var waitingForExecve: Bool

  init(pid: Int, workingDirectory: String, startsAtExecve: Bool) {
    self.pid = pid
    self.workingDirectory = workingDirectory
    self.waitingForExecve = startsAtExecve
  }

  mutating func read(_ text: String, into observations: inout TraceObservations) {
    for line in text.split(separator: "\n") {
      switch StraceLine(line) {
      case .call(let name, _, _) where waitingForExecve && name != "execve":
        continue
      case .call(let name, let arguments, let result):
        waitingForExecve = false
        lastCall = name
        record(name, arguments, result, into: &observations)
      case .killed(let signal) where signal == "SIGSYS":
        observations.seccompKills.append(.init(process: pid, syscall: lastCall))
      case .killed, .exited, .other:
        break
      }
    }
  }

  private mutating func record(
    _ name: String, _ arguments: [String], _ result: String?,
    into observations: inout TraceObservations
  ) {
    if name.hasPrefix("syscall_") {
      observations.unnamedSyscalls.insert(name)
      return
    }
    observations.syscalls.insert(name)
    let succeeded = result.map { !$0.hasPrefix("-1") && !$0.hasPrefix("?") } ?? false
    let errorName = result.flatMap { text -> String? in
      guard text.hasPrefix("-1 ") else { return nil }
      return text.dropFirst(3).split(separator: " ").first.map(String.init)
    }
    let found = succeeded || (errorName.map { !TraceReader.absentErrors.contains($0) } ?? false)

    for (directoryIndex, pathIndex) in TraceReader.pathArguments[name] ?? [] {
      guard pathIndex < arguments.count,
        let path = StraceLine.stringLiteral(arguments[pathIndex]), !path.isEmpty
      else { continue }
      let directory = directoryIndex.flatMap { $0 < arguments.count ? arguments[$0] : nil }
      guard let absolute = place(path, relativeTo: directory) else {
        observations.unplacedPaths += 1
        continue
      }
      if found { observations.paths.insert(absolute) }
      if succeeded { noteSuccess(name, arguments, absolute, result, into: &observations) }
    }

    switch name {
    case "close":
      if succeeded, let fd = arguments.first.flatMap({ Int($0) }) { descriptors[fd] = nil }
    case "getdents64", "getdents":
      if let fd = arguments.first.flatMap({ Int($0) }), let path = descriptors[fd] {
        observations.listedDirectories.insert(path)
      }
    case "fchdir":
      if succeeded, let fd = arguments.first.flatMap({ Int($0) }), let path = descriptors[fd] {
        workingDirectory = path
      }
    case "socket":
      guard let family = arguments.first.flatMap(Self.family) else { break }
      if succeeded {
        observations.socketFamilies.insert(family)
      } else {
        observations.refusedSocketFamilies.insert(family)
      }
    case "connect", "bind":
      guard arguments.count > 1 else { break }
      let address = arguments[1]
      if name == "connect" { observations.connections.append(String(address.prefix(160))) }
      if let range = address.range(of: "sun_path=\"") {
        let literal = "\"" + address[range.upperBound...].prefix { $0 != "\"" } + "\""
        if let path = StraceLine.stringLiteral(literal), path.hasPrefix("/"), found {
          observations.paths.insert(TraceReader.normalize(path))
        }
      }
    default:
      break
    }
  }

  /// What a successful path call tells beyond "the path exists".
  private mutating func noteSuccess(
    _ name: String, _ arguments: [String], _ path: String, _ result: String?,
    into observations: inout TraceObservations
  ) {
    switch name {
    case "open", "openat", "openat2":
      let flags =
        arguments.count > (name == "open" ? 1 : 2) ? arguments[name == "open" ? 1 : 2] : ""
      if flags.contains("O_DIRECTORY") { observations.listedDirectories.insert(path) }
      if let fd = result.flatMap({ Int($0.prefix { $0.isNumber }) }) { descriptors[fd] = path }
    case "execve", "execveat":
      observations.executed.append(path)
    case "chdir":
      workingDirectory = path
    default:
      break
    }
  }

  /// The absolute path a call resolved, or nil when it was relative to a
  /// directory fd the trace never showed being opened.
  private func place(_ path: String, relativeTo directory: String?) -> String? {
    if path.hasPrefix("/") { return TraceReader.normalize(path) }
    let base: String
    switch directory {
    case nil, "AT_FDCWD": base = workingDirectory
    case let fd?:
      guard let number = Int(fd), let known = descriptors[number] else { return nil }
      base = known
    }
    return TraceReader.normalize(base + "/" + path)
  }

  /// `AF_INET` → `inet`, as profiles name families.
  static func family(_ argument: String) -> String? {
    guard argument.hasPrefix("AF_") else { return nil }
    let name = argument.dropFirst(3).lowercased()
    return name == "local" ? "unix" : name
  }
}
