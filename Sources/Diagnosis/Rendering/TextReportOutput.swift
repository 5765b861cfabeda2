/// The lines of a text report as they are written, with the shared layout rules.
struct TextReportOutput {
  let style: TerminalStyle
  let width: Int
  private var lines: [String] = []

  init(style: TerminalStyle, width: Int) {
    self.style = style
    self.width = width
  }

  var text: String { lines.joined(separator: "\n") + "\n" }

  mutating func line(_ text: String) { lines.append(text) }

  mutating func blank() {
    if let last = lines.last, !last.isEmpty { lines.append("") }
  }

  /// A section title, bold, underlined with a rule, after a blank line.
  mutating func heading(_ title: String) {
    blank()
    lines.append(style.bold(title))
    lines.append(String(repeating: "─", count: title.count))
  }

  /// Wrapped prose; `styled` is applied per line so colour never spans a line break.
  mutating func prose(
    _ text: String, indent: String = "", restIndent: String? = nil,
    styled: (String) -> String = { $0 }
  ) {
    guard !text.isEmpty else { return }
    let restIndent = restIndent ?? indent
    let wrapped = TextWrapper.wrap(
      text, width: width, firstPrefix: indent, restPrefix: restIndent)
    for (index, line) in wrapped.enumerated() {
      let prefix = index == 0 ? indent : restIndent
      guard line.count > prefix.count else {
        lines.append(line)
        continue
      }
      lines.append(prefix + styled(String(line.dropFirst(prefix.count))))
    }
  }

  /// A shell command as one unwrapped line after `$ ` (continuation lines of a
  /// multi-line command stay unwrapped too).
  mutating func command(_ command: String, indent: String) {
    for (index, line) in UntrustedText.lines(command).enumerated() {
      lines.append(indent + (index == 0 ? "$ " : "  ") + line)
    }
  }
}
