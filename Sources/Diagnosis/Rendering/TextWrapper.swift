/// Greedy word wrapping for prose; commands, YAML and log excerpts never pass through it.
enum TextWrapper {
  /// Lines of at most `width` characters (a single word longer than that keeps
  /// its own line, unbroken), the first starting with `firstPrefix`, the rest
  /// with `restPrefix`. Newlines in `text` start new paragraphs.
  static func wrap(_ text: String, width: Int, firstPrefix: String = "", restPrefix: String = "")
    -> [String]
  {
    var lines: [String] = []
    var prefix = firstPrefix
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let words = paragraph.split(separator: " ", omittingEmptySubsequences: true)
      var line = prefix
      var lineHasWord = false
      for word in words {
        if lineHasWord && line.count + 1 + word.count > width {
          lines.append(line)
          prefix = restPrefix
          line = prefix
          lineHasWord = false
        }
        line += (lineHasWord ? " " : "") + word
        lineHasWord = true
      }
      lines.append(lineHasWord ? line : trimmedTrailingSpaces(prefix))
      prefix = restPrefix
    }
    return lines
  }

  private static func trimmedTrailingSpaces(_ text: String) -> String {
    var text = Substring(text)
    while text.last == " " { text = text.dropLast() }
    return String(text)
  }
}
