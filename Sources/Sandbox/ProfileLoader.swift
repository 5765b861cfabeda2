import Foundation
import Yams

/// A profile as read from YAML: the model when it parsed cleanly, every error
/// otherwise, and the line of each field so later checks can point at it.
public struct LoadedProfile: Sendable {
  /// The file the text came from, as it appears in messages.
  public var file: String
  /// The profile, or nil when `errors` is not empty.
  public var profile: SandboxProfile?
  public var errors: [ProfileError]
  /// Field path (`limits.memory`, `seccomp.allow[2]`, `acknowledge.ptrace`) to its 1-based line.
  public var lines: [String: Int]

  /// The line of `field`, else of the nearest enclosing field that has one, else nil.
  public func line(of field: String) -> Int? {
    var path = field
    while !path.isEmpty {
      if let line = lines[path] { return line }
      if path.hasSuffix("]"), let bracket = path.lastIndex(of: "[") {
        path = String(path[..<bracket])
      } else if let dot = path.lastIndex(of: ".") {
        path = String(path[..<dot])
      } else {
        path = ""
      }
    }
    return nil
  }
}

/// Reads sandbox profiles from YAML (format: docs/profiles.md). Every mistake
/// becomes a `ProfileError` with its line, field path and a fix.
public enum ProfileLoader {
  /// The profile in the file at `path`, or the first problem with it.
  public static func load(file path: String) throws(ProfileError) -> SandboxProfile {
    try unwrap(read(file: path))
  }

  /// The profile in `yaml`, or the first problem with it. When `expectedName` is nil
  /// and `file` ends in `.yaml`, the profile's name must equal the file's base name.
  public static func parse(
    yaml: String, file: String = "<profile>", expectedName: String? = nil
  ) throws(ProfileError) -> SandboxProfile {
    try unwrap(read(yaml: yaml, file: file, expectedName: expectedName))
  }

  /// Reads the file at `path`, collecting every problem instead of stopping at the first.
  public static func read(file path: String) -> LoadedProfile {
    guard let data = FileManager.default.contents(atPath: path) else {
      var isDirectory: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      let message =
        !exists
        ? "no such file"
        : isDirectory.boolValue ? "is a directory, not a profile" : "cannot be read"
      let error = ProfileError(
        .missingFile, file: path, line: nil, field: "", message: message,
        fix: "check the path, or run `meta-agent profile show NAME` for a shipped profile")
      return LoadedProfile(file: path, profile: nil, errors: [error], lines: [:])
    }
    guard let text = String(data: data, encoding: .utf8) else {
      let error = ProfileError(
        .malformedYAML, file: path, line: nil, field: "", message: "is not UTF-8 text",
        fix: "save the file as UTF-8")
      return LoadedProfile(file: path, profile: nil, errors: [error], lines: [:])
    }
    return read(yaml: text, file: path, expectedName: nil)
  }

  /// Reads `yaml`, collecting every problem instead of stopping at the first.
  public static func read(yaml: String, file: String, expectedName: String?) -> LoadedProfile {
    var reader = ProfileReader(file: file)
    let profile = reader.readDocument(yaml, expectedName: expectedName ?? baseName(of: file))
    return LoadedProfile(
      file: file, profile: reader.errors.isEmpty ? profile : nil, errors: reader.errors,
      lines: reader.lines)
  }

  /// The name a profile in `file` must have: the file name without `.yaml`; nil for other files.
  static func baseName(of file: String) -> String? {
    let last = file.split(separator: "/").last.map(String.init) ?? file
    for suffix in [".yaml", ".yml"] where last.hasSuffix(suffix) && last.count > suffix.count {
      return String(last.dropLast(suffix.count))
    }
    return nil
  }

  private static func unwrap(_ loaded: LoadedProfile) throws(ProfileError) -> SandboxProfile {
    if let first = loaded.errors.first { throw first }
    guard let profile = loaded.profile else {
      throw ProfileError(
        .malformedYAML, file: loaded.file, line: nil, field: "", message: "no profile",
        fix: "write a profile as docs/profiles.md shows")
    }
    return profile
  }
}

/// The fields each mapping of the format knows, used to refuse and correct typos.
private enum KnownFields {
  static let top = [
    "name", "description", "filesystem", "network", "environment", "executables", "limits",
    "seccomp", "capabilities", "acknowledge",
  ]
  static let filesystem = ["read_only", "writable", "tmpfs", "proc", "working_directory"]
  static let bind = ["path", "at", "optional"]
  static let tmpfs = ["path", "size"]
  static let environment = ["pass", "set"]
  static let limits = [
    "cpu_seconds", "memory", "processes", "open_files", "file_size", "wall_time", "output_bytes",
  ]
  static let seccomp = ["default_action", "allow", "errno", "socket_families"]
}

/// One pass over a YAML document, filling a `SandboxProfile` and recording errors and lines.
private struct ProfileReader {
  let file: String
  var errors: [ProfileError] = []
  var lines: [String: Int] = [:]

  init(file: String) {
    self.file = file
  }

  mutating func readDocument(_ yaml: String, expectedName: String?) -> SandboxProfile {
    var profile = SandboxProfile(name: "")
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch {
      let (line, problem) = describe(error)
      fail(
        .malformedYAML, line: line, field: "", message: "malformed YAML: \(problem)",
        fix: "correct the YAML syntax at that line (indentation, quotes, a missing colon)")
      return profile
    }
    guard let root, case .mapping = root else {
      fail(
        root == nil ? .missingName : .wrongType, line: root?.mark?.line ?? 1, field: "",
        message: root == nil ? "the profile is empty" : "a profile must be a mapping of fields",
        fix:
          "start the file with `name: \(expectedName ?? "NAME")` and the fields of docs/profiles.md"
      )
      return profile
    }
    var sawName = false
    for entry in fields(of: root, at: "", known: KnownFields.top) {
      switch entry.key {
      case "name":
        sawName = true
        if let name = string(entry.value, at: "name") {
          readName(name, line: entry.line, expectedName: expectedName)
          profile.name = name
        }
      case "description":
        profile.description = string(entry.value, at: "description") ?? ""
      case "filesystem":
        profile.filesystem = readFilesystem(entry.value)
      case "network":
        profile.network =
          enumValue(entry.value, at: "network", as: SandboxProfile.NetworkMode.self) ?? .none
      case "environment":
        profile.environment = readEnvironment(entry.value)
      case "executables":
        profile.executables = stringList(entry.value, at: "executables").compactMap { item in
          absolutePath(item.text, at: item.path, line: item.line)
        }
      case "limits":
        profile.limits = readLimits(entry.value)
      case "seccomp":
        profile.seccomp = readSeccomp(entry.value)
      case "capabilities":
        profile.capabilities = readCapabilities(entry.value)
      case "acknowledge":
        profile.acknowledgements = readAcknowledgements(entry.value)
      default:
        break
      }
    }
    if !sawName {
      fail(
        .missingName, line: 1, field: "name", message: "the profile has no name",
        fix: "add `name: \(expectedName ?? "NAME")` as the first line")
    }
    return profile
  }

  // MARK: Sections

  private mutating func readName(_ name: String, line: Int?, expectedName: String?) {
    let allowed = name.allSatisfy {
      $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0))
    }
    if name.isEmpty || !allowed || name.hasPrefix(".") {
      fail(
        .badValue, line: line, field: "name", message: "'\(name)' is not a usable profile name",
        fix: "use letters, digits, '-', '_' and '.', e.g. python-mcp-tool")
    } else if let expectedName, name != expectedName {
      fail(
        .nameMismatch, line: line, field: "name",
        message: "the name '\(name)' does not match the file name '\(expectedName).yaml'",
        fix: "write `name: \(expectedName)` or rename the file to \(name).yaml")
    }
  }

  private mutating func readFilesystem(_ node: Node) -> SandboxProfile.Filesystem {
    var filesystem = SandboxProfile.Filesystem()
    for entry in fields(of: node, at: "filesystem", known: KnownFields.filesystem) {
      let path = "filesystem.\(entry.key)"
      switch entry.key {
      case "read_only":
        filesystem.readOnly = readBinds(entry.value, at: path)
      case "writable":
        filesystem.writable = readBinds(entry.value, at: path)
      case "tmpfs":
        filesystem.tmpfs = readTmpfsList(entry.value, at: path)
      case "proc":
        filesystem.proc =
          enumValue(entry.value, at: path, as: SandboxProfile.ProcMode.self) ?? .pidOnly
      case "working_directory":
        if let text = string(entry.value, at: path),
          let directory = absolutePath(text, at: path, line: line(entry.value))
        {
          filesystem.workingDirectory = directory
        }
      default:
        break
      }
    }
    return filesystem
  }

  private mutating func readBinds(_ node: Node, at path: String) -> [SandboxProfile.Bind] {
    readPathItems(
      node, at: path, known: KnownFields.bind, noun: "bind",
      example: "/usr or { path: /opt/tool, at: /tool }",
      fix: "write { path: /host/path, at: /inside/path } or just /host/path"
    ) { reader, source, others in
      var target: String?
      var optional = false
      for entry in others {
        if entry.key == "optional" {
          optional = reader.bool(entry.value, at: entry.path) ?? false
          continue
        }
        guard let text = reader.string(entry.value, at: entry.path) else { continue }
        target = reader.absolutePath(text, at: entry.path, line: reader.line(entry.value))
      }
      return SandboxProfile.Bind(source, at: target, optional: optional)
    }
  }

  private mutating func readTmpfsList(_ node: Node, at path: String) -> [SandboxProfile.Tmpfs] {
    readPathItems(
      node, at: path, known: KnownFields.tmpfs, noun: "tmpfs",
      example: "/tmp or { path: /run, size: 1MiB }",
      fix: "write { path: /run, size: 1MiB } or just /run"
    ) { reader, target, others in
      var mount = SandboxProfile.Tmpfs(target)
      for entry in others {
        if let size = reader.byteSize(entry.value, at: entry.path) { mount.sizeBytes = size }
      }
      return mount
    }
  }

  /// Reads a list whose items are a bare absolute path or a mapping with `path`
  /// and other keys; `make` builds an item from the path and the other entries.
  private mutating func readPathItems<Item>(
    _ node: Node, at path: String, known: [String], noun: String, example: String, fix: String,
    make: (inout ProfileReader, String, [(key: String, value: Node, path: String)]) -> Item
  ) -> [Item] {
    var result: [Item] = []
    for (index, item) in items(of: node, at: path).enumerated() {
      let itemPath = "\(path)[\(index)]"
      record(itemPath, item)
      switch item {
      case .scalar:
        if let text = string(item, at: itemPath),
          let source = absolutePath(text, at: itemPath, line: line(item))
        {
          result.append(make(&self, source, []))
        }
      case .mapping:
        var source: String?
        var sawPath = false
        var others: [(key: String, value: Node, path: String)] = []
        for entry in fields(of: item, at: itemPath, known: known) {
          let fieldPath = "\(itemPath).\(entry.key)"
          if entry.key == "path" {
            sawPath = true
            if let text = string(entry.value, at: fieldPath) {
              source = absolutePath(text, at: fieldPath, line: line(entry.value))
            }
          } else {
            others.append((entry.key, entry.value, fieldPath))
          }
        }
        if !sawPath {
          fail(
            .wrongType, line: line(item), field: itemPath, message: "a \(noun) needs a `path`",
            fix: fix)
        }
        if let source { result.append(make(&self, source, others)) }
      default:
        wrongType(item, at: itemPath, expected: "a path or a \(noun)", example: example)
      }
    }
    return result
  }

  private mutating func readEnvironment(_ node: Node) -> SandboxProfile.Environment {
    var environment = SandboxProfile.Environment()
    for entry in fields(of: node, at: "environment", known: KnownFields.environment) {
      if entry.key == "pass" {
        environment.pass = stringList(entry.value, at: "environment.pass").compactMap { item in
          variableName(item.text, at: item.path, line: item.line)
        }
      } else {
        for variable in fields(of: entry.value, at: "environment.set", known: nil) {
          let path = "environment.set.\(variable.key)"
          guard variableName(variable.key, at: path, line: variable.line) != nil,
            let value = string(variable.value, at: path)
          else { continue }
          environment.set[variable.key] = value
        }
      }
    }
    return environment
  }

  private mutating func readLimits(_ node: Node) -> SandboxProfile.Limits {
    var limits = SandboxProfile.Limits()
    for entry in fields(of: node, at: "limits", known: KnownFields.limits) {
      let path = "limits.\(entry.key)"
      switch entry.key {
      case "cpu_seconds":
        if let value = integer(entry.value, at: path) { limits.cpuSeconds = value }
      case "memory":
        if let value = byteSize(entry.value, at: path) { limits.memoryBytes = value }
      case "processes":
        if let value = integer(entry.value, at: path) { limits.processes = value }
      case "open_files":
        if let value = integer(entry.value, at: path) { limits.openFiles = value }
      case "file_size":
        if let value = byteSize(entry.value, at: path) { limits.fileSizeBytes = value }
      case "wall_time":
        if let value = duration(entry.value, at: path) { limits.wallTimeSeconds = value }
      case "output_bytes":
        if let value = byteSize(entry.value, at: path) {
          if value > UInt64(Int.max) {
            fail(
              .badSize, line: line(entry.value), field: path, message: "the size is too large",
              fix: "write a smaller size, e.g. 1MiB")
          } else {
            limits.outputBytes = Int(value)
          }
        }
      default:
        break
      }
    }
    return limits
  }

  private mutating func readSeccomp(_ node: Node) -> SandboxProfile.Seccomp {
    var seccomp = SandboxProfile.Seccomp()
    for entry in fields(of: node, at: "seccomp", known: KnownFields.seccomp) {
      let path = "seccomp.\(entry.key)"
      switch entry.key {
      case "default_action":
        seccomp.defaultAction =
          enumValue(entry.value, at: path, as: SandboxProfile.SeccompDefault.self) ?? .killProcess
      case "allow":
        seccomp.allow = stringList(entry.value, at: path).compactMap { item in
          item.text.hasPrefix("@")
            ? groupName(item.text, at: item.path, line: item.line)
            : syscallName(item.text, at: item.path, line: item.line)
        }
      case "errno":
        for answer in fields(of: entry.value, at: path, known: nil) {
          let answerPath = "\(path).\(answer.key)"
          guard syscallName(answer.key, at: answerPath, line: answer.line) != nil,
            let errnoName = string(answer.value, at: answerPath)
          else { continue }
          if KernelNames.errnos[errnoName] == nil {
            let hint =
              closestName(to: errnoName, in: KernelNames.errnos.keys).map { "did you mean \($0)? " }
              ?? ""
            fail(
              .unknownErrno, line: line(answer.value), field: answerPath,
              message: "unknown error number '\(errnoName)'",
              fix: hint + "use an errno name such as ENOSYS, EPERM or EACCES")
            continue
          }
          seccomp.errno[answer.key] = errnoName
        }
      case "socket_families":
        seccomp.socketFamilies = stringList(entry.value, at: path).compactMap { item in
          guard KernelNames.socketFamilies[item.text] == nil else { return item.text }
          let valid = KernelNames.socketFamilies.keys.sorted().joined(separator: ", ")
          fail(
            .unknownSocketFamily, line: item.line, field: item.path,
            message: "unknown socket family '\(item.text)'", fix: "use one of \(valid)")
          return nil
        }
      default:
        break
      }
    }
    return seccomp
  }

  private mutating func readCapabilities(_ node: Node) -> [String] {
    stringList(node, at: "capabilities").compactMap { item in
      if KernelNames.capabilities.contains(item.text) { return item.text }
      let normalized =
        item.text.uppercased().hasPrefix("CAP_")
        ? item.text.uppercased() : "CAP_" + item.text.uppercased()
      let suggestion =
        KernelNames.capabilities.contains(normalized)
        ? normalized : closestName(to: normalized, in: KernelNames.capabilities)
      fail(
        .unknownCapability, line: item.line, field: item.path,
        message: "unknown capability '\(item.text)'",
        fix: suggestion.map { "write \($0)" } ?? "use a name from capabilities(7), e.g. CAP_NET_RAW"
      )
      return nil
    }
  }

  private mutating func readAcknowledgements(_ node: Node) -> [String: String] {
    var acknowledgements: [String: String] = [:]
    for entry in fields(of: node, at: "acknowledge", known: nil) {
      if let reason = string(entry.value, at: "acknowledge.\(entry.key)") {
        acknowledgements[entry.key] = reason
      }
    }
    return acknowledgements
  }

  // MARK: Names

  private mutating func syscallName(_ name: String, at path: String, line: Int?) -> String? {
    if KernelNames.syscallNumber(name) != nil { return name }
    let known = Set(SyscallGroups.groups.values.joined()).union(SyscallGroups.dangerous)
    let hint = closestName(to: name, in: known).map { "did you mean \($0)? " } ?? ""
    fail(
      .unknownSyscall, line: line, field: path,
      message: "'\(name)' is not a system call on this architecture",
      fix: "\(hint)check the name in syscalls(2), or use a group such as @file-system")
    return nil
  }

  private mutating func groupName(_ name: String, at path: String, line: Int?) -> String? {
    if SyscallGroups.groups[name] != nil { return name }
    let valid = SyscallGroups.groups.keys.sorted().joined(separator: ", ")
    let hint =
      closestName(to: name, in: SyscallGroups.groups.keys).map { "did you mean \($0)? " } ?? ""
    fail(
      .unknownGroup, line: line, field: path, message: "unknown syscall group '\(name)'",
      fix: hint + "groups are \(valid)")
    return nil
  }

  private mutating func variableName(_ name: String, at path: String, line: Int?) -> String? {
    let valid =
      !name.isEmpty && !(name.first?.isNumber ?? true)
      && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    if valid { return name }
    fail(
      .badValue, line: line, field: path, message: "'\(name)' is not an environment variable name",
      fix: "use letters, digits and '_', not starting with a digit, e.g. LANG")
    return nil
  }

  /// The path if it is absolute and plain (no `.` or `..` parts), without a trailing slash.
  private mutating func absolutePath(_ text: String, at path: String, line: Int?) -> String? {
    guard text.hasPrefix("/") else {
      fail(
        .notAbsolute, line: line, field: path, message: "'\(text)' is not an absolute path",
        fix: "write the full path from /, e.g. /\(text.drop { $0 == "." || $0 == "/" })")
      return nil
    }
    let parts = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    if parts.contains(where: { $0 == "." || $0 == ".." }) || text.contains("\0") {
      fail(
        .notAbsolute, line: line, field: path, message: "'\(text)' contains '.' or '..' parts",
        fix: "write the plain path the parts lead to, so what is bound is obvious")
      return nil
    }
    let cleaned = "/" + parts.filter { !$0.isEmpty }.joined(separator: "/")
    return cleaned
  }

  // MARK: Node access

  /// The entries of a mapping with their key lines; nil nodes read as empty. Keys outside
  /// `known` (when given) are refused with the closest known name.
  private mutating func fields(
    of node: Node, at path: String, known: [String]?
  ) -> [(key: String, line: Int?, value: Node)] {
    if node.null != nil { return [] }
    guard case .mapping(let mapping) = node else {
      wrongType(
        node, at: path.isEmpty ? "(document)" : path, expected: "a mapping of fields",
        example: "`field: value` lines indented below it")
      return []
    }
    var result: [(key: String, line: Int?, value: Node)] = []
    for (keyNode, value) in mapping {
      guard case .scalar(let key) = keyNode else {
        wrongType(keyNode, at: path, expected: "a plain field name", example: "`name: value`")
        continue
      }
      let fieldPath = path.isEmpty ? key.string : "\(path).\(key.string)"
      if let known, !known.contains(key.string) {
        let hint = closestName(to: key.string, in: known).map { "did you mean '\($0)'? " } ?? ""
        fail(
          .unknownField, line: keyNode.mark?.line, field: fieldPath,
          message: "unknown field '\(key.string)'",
          fix: "\(hint)known fields here: \(known.joined(separator: ", "))")
        continue
      }
      lines[fieldPath] = keyNode.mark?.line
      result.append((key.string, keyNode.mark?.line, value))
    }
    return result
  }

  /// The items of a sequence; a null node reads as empty.
  private mutating func items(of node: Node, at path: String) -> [Node] {
    if node.null != nil { return [] }
    guard case .sequence(let sequence) = node else {
      wrongType(node, at: path, expected: "a list", example: "[a, b] or lines starting with '- '")
      return []
    }
    return Array(sequence)
  }

  private mutating func stringList(
    _ node: Node, at path: String
  ) -> [(text: String, path: String, line: Int?)] {
    items(of: node, at: path).enumerated().compactMap { index, item in
      let itemPath = "\(path)[\(index)]"
      record(itemPath, item)
      guard let text = string(item, at: itemPath) else { return nil }
      return (text, itemPath, line(item))
    }
  }

  /// Text of a scalar (numbers read as their text); null and collections are a wrong type.
  private mutating func string(_ node: Node, at path: String) -> String? {
    guard case .scalar(let scalar) = node, node.null == nil else {
      wrongType(node, at: path, expected: "a single value", example: "text or a number")
      return nil
    }
    return scalar.string
  }

  private mutating func bool(_ node: Node, at path: String) -> Bool? {
    guard case .scalar(let scalar) = node, scalar.style == .plain,
      let value = ["true": true, "false": false][scalar.string]
    else {
      wrongType(node, at: path, expected: "true or false", example: "optional: true")
      return nil
    }
    return value
  }

  private mutating func integer(_ node: Node, at path: String) -> UInt64? {
    guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string)
    else {
      wrongType(node, at: path, expected: "a whole number", example: "16")
      return nil
    }
    guard value >= 0 else {
      fail(
        .badValue, line: line(node), field: path, message: "\(value) is negative",
        fix: "write a number of 0 or more")
      return nil
    }
    return UInt64(value)
  }

  private mutating func byteSize(_ node: Node, at path: String) -> UInt64? {
    guard let text = string(node, at: path) else { return nil }
    switch ByteSize.parse(text) {
    case .success(let bytes):
      return bytes
    case .failure(let problem):
      fail(.badSize, line: line(node), field: path, message: problem.message, fix: problem.fix)
      return nil
    }
  }

  private mutating func duration(_ node: Node, at path: String) -> Double? {
    guard let text = string(node, at: path) else { return nil }
    switch DurationText.parse(text) {
    case .success(let seconds):
      return seconds
    case .failure(let problem):
      fail(.badDuration, line: line(node), field: path, message: problem.message, fix: problem.fix)
      return nil
    }
  }

  private mutating func enumValue<Value: RawRepresentable & CaseIterable>(
    _ node: Node, at path: String, as type: Value.Type
  ) -> Value? where Value.RawValue == String {
    guard let text = string(node, at: path) else { return nil }
    if let value = Value(rawValue: text) { return value }
    let valid = Value.allCases.map(\.rawValue)
    fail(
      .badValue, line: line(node), field: path, message: "'\(text)' is not a valid value",
      fix: "use one of \(valid.joined(separator: " | "))")
    return nil
  }

  // MARK: Recording

  private func line(_ node: Node) -> Int? { node.mark?.line }

  private mutating func record(_ path: String, _ node: Node) {
    lines[path] = node.mark?.line
  }

  private mutating func wrongType(
    _ node: Node, at path: String, expected: String, example: String
  ) {
    let found: String
    switch node {
    case .mapping: found = "a mapping"
    case .sequence: found = "a list"
    case .alias: found = "an alias"
    case .scalar(let scalar): found = node.null != nil ? "nothing" : "'\(scalar.string)'"
    }
    fail(
      .wrongType, line: line(node), field: path, message: "expected \(expected), found \(found)",
      fix: "write it as \(example) (see docs/profiles.md)")
  }

  private mutating func fail(
    _ kind: ProfileError.Kind, line: Int?, field: String, message: String, fix: String
  ) {
    errors.append(
      ProfileError(kind, file: file, line: line, field: field, message: message, fix: fix))
  }
}

/// The line and the problem of a YAML syntax error, without libyaml's echo of the text.
private func describe(_ error: any Error) -> (line: Int?, problem: String) {
  guard let yamlError = error as? YamlError else { return (nil, "\(error)") }
  switch yamlError {
  case .scanner(let context, let problem, let mark, _),
    .parser(let context, let problem, let mark, _),
    .composer(let context, let problem, let mark, _):
    let prefix = context.map { "\($0.text): " } ?? ""
    return (mark.line, prefix + problem)
  case .reader(let problem, _, _, _):
    return (nil, problem)
  case .duplicatedKeysInMapping(let duplicates, let context):
    return (
      context.mark.line,
      "a field is written twice: \(duplicates.joined(separator: ", "))"
    )
  default:
    return (nil, "\(yamlError)")
  }
}
