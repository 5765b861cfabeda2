/// Writes a profile as the YAML that `ProfileLoader` reads back to the same
/// profile, in the layout of the shipped profiles, so a learned profile reads
/// like one a person wrote.
enum ProfileYAMLWriter {
  /// - Parameter header: comment lines put above the profile (without `# `).
  static func yaml(_ profile: SandboxProfile, header: [String] = []) -> String {
    // A line break inside a header line would end the comment: each part gets its own `#`.
    let comments = header.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
    var out = comments.map { $0.isEmpty ? "#\n" : "# \($0)\n" }.joined()
    out += "name: \(scalar(profile.name))\n"
    out += "description: \(quoted(profile.description))\n"
    let fs = profile.filesystem
    out += "filesystem:\n"
    out += "  read_only:" + list(fs.readOnly.map(bind)) + "\n"
    out += "  writable:" + list(fs.writable.map(bind)) + "\n"
    let tmpfs = fs.tmpfs.map { "{ path: \(scalar($0.path)), size: \(size($0.sizeBytes)) }" }
    out += "  tmpfs:" + list(tmpfs) + "\n"
    out += "  proc: \(fs.proc.rawValue)\n"
    out += "  working_directory: \(scalar(fs.workingDirectory))\n"
    out += "network: \(profile.network.rawValue)\n"
    out += "environment:\n"
    out += "  pass: [\(profile.environment.pass.map(scalar).joined(separator: ", "))]\n"
    out += "  set:" + map(profile.environment.set, indent: "    ") + "\n"
    out += "executables: [\(profile.executables.map(scalar).joined(separator: ", "))]\n"
    let limits = profile.limits
    out += "limits:\n"
    out += "  cpu_seconds: \(limits.cpuSeconds)\n"
    out += "  memory: \(size(limits.memoryBytes))\n"
    out += "  processes: \(limits.processes)\n"
    out += "  open_files: \(limits.openFiles)\n"
    out += "  file_size: \(size(limits.fileSizeBytes))\n"
    out += "  wall_time: \(duration(limits.wallTimeSeconds))\n"
    out += "  output_bytes: \(size(UInt64(max(0, limits.outputBytes))))\n"
    let seccomp = profile.seccomp
    out += "seccomp:\n"
    out += "  default_action: \(seccomp.defaultAction.rawValue)\n"
    out += "  allow:" + list(seccomp.allow.map(scalar)) + "\n"
    if !seccomp.errno.isEmpty { out += "  errno:" + map(seccomp.errno, indent: "    ") + "\n" }
    out += "  socket_families: [\(seccomp.socketFamilies.map(scalar).joined(separator: ", "))]\n"
    out += "capabilities: [\(profile.capabilities.map(scalar).joined(separator: ", "))]\n"
    if !profile.acknowledgements.isEmpty {
      out += "acknowledge:" + map(profile.acknowledgements, indent: "  ") + "\n"
    }
    return out
  }

  private static func bind(_ bind: SandboxProfile.Bind) -> String {
    guard bind.target != bind.source || bind.optional else { return scalar(bind.source) }
    var fields = ["path: \(scalar(bind.source))"]
    if bind.target != bind.source { fields.append("at: \(scalar(bind.target))") }
    if bind.optional { fields.append("optional: true") }
    return "{ " + fields.joined(separator: ", ") + " }"
  }

  /// A block sequence, or `[]` when empty.
  private static func list(_ items: [String]) -> String {
    items.isEmpty ? " []" : items.map { "\n    - \($0)" }.joined()
  }

  /// A block mapping in key order, or `{}` when empty.
  private static func map(_ entries: [String: String], indent: String) -> String {
    if entries.isEmpty { return " {}" }
    return entries.sorted { $0.key < $1.key }.map {
      "\n\(indent)\(scalar($0.key)): \(scalar($0.value))"
    }
    .joined()
  }

  /// Plain when the text cannot be read as anything but this string, else quoted.
  static func scalar(_ text: String) -> String {
    let safe = text.unicodeScalars.allSatisfy { scalar in
      scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
          || "/._-".unicodeScalars.contains(scalar))
    }
    let reserved = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
    let first = text.unicodeScalars.first
    guard safe, let first, first != "-", first != ".", !("0"..."9").contains(first),
      !reserved.contains(text.lowercased())
    else { return quoted(text) }
    return text
  }

  /// A YAML double-quoted string.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7f:
        out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// A size in the largest exact binary unit, else in bytes.
  static func size(_ bytes: UInt64) -> String {
    let text = ByteSize.format(bytes)
    if case .success(let back) = ByteSize.parse(text), back == bytes { return text }
    return "\(bytes)"
  }

  /// A duration in the unit that reads best when it reads back exactly, else in seconds.
  static func duration(_ seconds: Double) -> String {
    let text = DurationText.format(seconds)
    if case .success(let back) = DurationText.parse(text), back == seconds { return text }
    return "\(seconds)"
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
