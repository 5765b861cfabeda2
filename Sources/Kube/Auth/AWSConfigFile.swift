import Foundation

/// An AWS INI file (~/.aws/config or ~/.aws/credentials): sections of `key = value`.
/// Values are kept only so the checker can see which keys are set; nothing prints them.
struct AWSConfigFile: Sendable {
  let path: String
  /// Section name as written between brackets, e.g. "default", "profile prod", "sso-session x".
  let sections: [String: [String: String]]

  /// Reads `path`; nil when the file does not exist or cannot be read.
  static func load(_ path: String) -> AWSConfigFile? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return AWSConfigFile(path: path, text: text)
  }

  init(path: String, text: String) {
    self.path = path
    var sections: [String: [String: String]] = [:]
    var current: String?
    for raw in text.split(whereSeparator: \.isNewline) {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      if line.hasPrefix("["), line.hasSuffix("]") {
        let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        let section = name.split(separator: " ").joined(separator: " ")
        current = section
        if sections[section] == nil { sections[section] = [:] }
        continue
      }
      guard let current, let equals = line.firstIndex(of: "=") else { continue }
      let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      sections[current, default: [:]][key] = value
    }
    self.sections = sections
  }

  /// A profile in ~/.aws/credentials: `[name]`.
  func credentialsProfile(_ name: String) -> [String: String]? { sections[name] }

  /// A profile in ~/.aws/config: `[default]` or `[profile name]`.
  func configProfile(_ name: String) -> [String: String]? {
    sections["profile \(name)"] ?? (name == "default" ? sections["default"] : nil)
  }
}
