/// Why a profile could not be loaded, pointing at the exact place and saying
/// how to fix it. Rendered for people as `file:line: field: message (fix: …)`.
public struct ProfileError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What kind of mistake it is, so tests and callers need not match on text.
  public enum Kind: String, Sendable, Equatable, CaseIterable {
    case missingFile = "missing-file"
    case malformedYAML = "malformed-yaml"
    case unknownField = "unknown-field"
    case wrongType = "wrong-type"
    case badValue = "bad-value"
    case badSize = "bad-size"
    case badDuration = "bad-duration"
    case notAbsolute = "not-absolute"
    case missingName = "missing-name"
    case nameMismatch = "name-mismatch"
    case unknownSyscall = "unknown-syscall"
    case unknownGroup = "unknown-group"
    case unknownErrno = "unknown-errno"
    case unknownSocketFamily = "unknown-socket-family"
    case unknownCapability = "unknown-capability"
    case unknownProfile = "unknown-profile"
    /// The profile parses but the linter found errors in it (see `ProfileLinter`).
    case refusedByLint = "refused-by-lint"
  }

  public var kind: Kind
  public var file: String
  /// 1-based line in `file`; nil when the problem is the file as a whole.
  public var line: Int?
  /// Dotted path of the field, e.g. `limits.memory` or `seccomp.allow[2]`; empty for the file.
  public var field: String
  public var message: String
  public var fix: String

  public init(
    _ kind: Kind, file: String, line: Int?, field: String, message: String, fix: String
  ) {
    self.kind = kind
    self.file = file
    self.line = line
    self.field = field
    self.message = message
    self.fix = fix
  }

  public var description: String {
    renderIssue(file: file, line: line, field: field, message: message, fix: fix)
  }
}

/// The one place that decides how a problem in a profile looks on a terminal.
func renderIssue(file: String, line: Int?, field: String, message: String, fix: String) -> String {
  var text = file
  if let line { text += ":\(line)" }
  text += ": "
  if !field.isEmpty { text += "\(field): " }
  text += message
  if !fix.isEmpty { text += " (fix: \(fix))" }
  return text
}
