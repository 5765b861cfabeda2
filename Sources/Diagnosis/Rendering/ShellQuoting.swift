/// POSIX shell quoting for words built from cluster names.
enum ShellQuoting {
  /// The word unchanged when it is made of characters no shell treats specially.
  static func quoted(_ word: String) -> String {
    let plain =
      !word.isEmpty
      && word.unicodeScalars.allSatisfy { scalar in
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "/", ":", "=", "@", "%", "+", ",": true
        default: false
        }
      }
    return plain ? word : alwaysQuoted(word)
  }

  /// `'...'`, with embedded single quotes as `'\''`.
  static func alwaysQuoted(_ word: String) -> String {
    "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: #"'\''"#)
      + "'"
  }
}
