/// Reduces a word to a crude stem so "pods", "crashing" and "crashed" meet
/// "pod" and "crash"; the same rules run on triggers and requests, so they agree.
enum WordStemmer {
  static func stem(_ word: String) -> String {
    let word = word.lowercased()
    if word.count > 4, word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
    if word.count > 5, word.hasSuffix("ing") { return undoubled(String(word.dropLast(3))) }
    if word.count > 4, word.hasSuffix("ed") { return undoubled(String(word.dropLast(2))) }
    if word.count > 4, ["ses", "xes", "ches", "shes"].contains(where: { word.hasSuffix($0) }) {
      return String(word.dropLast(2))
    }
    if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") { return String(word.dropLast()) }
    return word
  }

  /// "logg" (from "logging") back to "log".
  private static func undoubled(_ stem: String) -> String {
    guard stem.count > 2, let last = stem.last, stem.dropLast().last == last,
      !"aeiouls".contains(last)
    else { return stem }
    return String(stem.dropLast())
  }

  /// The words of a text as written, split on anything that is not a letter or digit.
  static func words(of text: String) -> [Substring] {
    text.split { !($0.isLetter || $0.isNumber) }
  }
}
