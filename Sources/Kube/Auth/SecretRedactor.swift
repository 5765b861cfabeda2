import Foundation

/// Masks anything in a message that looks like a credential: bearer tokens, JWTs,
/// EKS tokens and long opaque strings. kubectl and exec plugins should never print
/// one, but their errors reach operators and logs, so the broker does not trust that.
enum SecretRedactor {
  static func redact(_ text: String) -> String {
    var words: [String] = []
    var afterBearer = false
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
      words.append(afterBearer || looksSecret(word) ? "[redacted]" : String(word))
      afterBearer = word.lowercased() == "bearer"
    }
    return words.joined(separator: " ")
  }

  /// The first line that says what went wrong, redacted and at most 300 characters.
  static func firstErrorLine(_ stderr: String) -> String {
    let lines = stderr.split(whereSeparator: \.isNewline).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    let line = lines.first { !$0.isEmpty } ?? "no error output"
    return String(redact(line).prefix(300))
  }

  private static func looksSecret(_ word: Substring) -> Bool {
    let lowered = word.lowercased()
    if lowered.contains("k8s-aws-v1.") || word.contains("eyJ") { return true }
    if ["token=", "password=", "secret="].contains(where: lowered.contains) { return true }
    // 40+ characters of base64 without dots or a leading slash is a key, not a host or path.
    let core = word.trimmingCharacters(in: CharacterSet(charactersIn: "\"'(),;:"))
    return core.count >= 40 && !core.hasPrefix("/")
      && core.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+/=_-".contains($0)) }
  }
}
