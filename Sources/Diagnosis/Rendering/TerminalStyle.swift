/// ANSI styling that collapses to nothing when colour is off, so a plain
/// report has no escape byte at all.
struct TerminalStyle: Sendable {
  let color: Bool

  func bold(_ text: String) -> String { apply("1", text) }
  func dim(_ text: String) -> String { apply("2", text) }
  func red(_ text: String) -> String { apply("1;31", text) }
  func yellow(_ text: String) -> String { apply("33", text) }
  func green(_ text: String) -> String { apply("32", text) }
  func cyan(_ text: String) -> String { apply("36", text) }

  func severity(_ severity: Severity, _ text: String) -> String {
    switch severity {
    case .critical: red(text)
    case .warning: yellow(text)
    case .info: cyan(text)
    }
  }

  private func apply(_ code: String, _ text: String) -> String {
    guard color, !text.isEmpty else { return text }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }
}
