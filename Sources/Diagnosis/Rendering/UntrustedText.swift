/// Makes text read from a cluster (log lines, event messages, names) safe to
/// print: a log line must not be able to move the cursor, recolour the
/// terminal or reorder what a person reads.
enum UntrustedText {
  /// Control characters become visible caret notation (`ESC` -> `^[`, `CR` -> `^M`),
  /// C1 controls and bidirectional overrides become `<U+XXXX>`; tabs are kept.
  /// Newlines are kept only when `keepNewlines` is true.
  static func sanitized(_ text: String, keepNewlines: Bool = false) -> String {
    var needsWork = false
    for scalar in text.unicodeScalars where isUnsafe(scalar, keepNewlines: keepNewlines) {
      needsWork = true
      break
    }
    guard needsWork else { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      guard isUnsafe(scalar, keepNewlines: keepNewlines) else {
        result.append(scalar)
        continue
      }
      result.append(contentsOf: visibleForm(of: scalar).unicodeScalars)
    }
    return String(result)
  }

  /// The lines of a multi-line text, each sanitized, with a trailing `\r` of
  /// CRLF line endings dropped rather than shown.
  static func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      var line = Substring(line)
      if line.hasSuffix("\r") { line = line.dropLast() }
      return sanitized(String(line))
    }
  }

  /// Text for one line of output (a title, a table cell): newlines become spaces.
  static func singleLine(_ text: String) -> String {
    sanitized(text.replacingNewlines(with: " "))
  }

  private static func isUnsafe(_ scalar: Unicode.Scalar, keepNewlines: Bool) -> Bool {
    switch scalar.value {
    case 0x09: false
    case 0x0A: !keepNewlines
    case 0x00...0x1F, 0x7F, 0x80...0x9F: true
    case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  private static func visibleForm(of scalar: Unicode.Scalar) -> String {
    switch scalar.value {
    case 0x00...0x1F: "^" + String(Character(Unicode.Scalar(UInt8(scalar.value + 0x40))))
    case 0x7F: "^?"
    default: "<U+" + hex4(scalar.value) + ">"
    }
  }

  private static func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}

extension String {
  /// `\r\n`, `\n` and `\r` all replaced, for text that must stay on one line.
  func replacingNewlines(with replacement: String) -> String {
    guard contains(where: { $0.isNewline }) else { return self }
    return split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline })
      .joined(separator: replacement)
  }
}
