/// One whitespace-separated word of a request, with the punctuation around it read off.
struct RequestToken: Sendable, Equatable {
  /// The word as written, without surrounding quotes, brackets or trailing punctuation.
  var written: String
  /// Lowercased, curly apostrophes straightened and a possessive "'s" dropped: what rules compare.
  var norm: String
  /// A comma, semicolon, colon, full stop, "!" or "?" follows the word.
  var endsClause: Bool
  /// A full stop, "!" or "?" follows the word.
  var endsSentence: Bool
  /// A "?" follows the word.
  var endsQuestion: Bool
  /// A closing backtick or quote follows the word (ends a pasted command).
  var endsQuote: Bool
  /// An opening backtick or quote precedes the word.
  var startsQuote: Bool
}

/// A request split into tokens, with the clause and sentence boundaries the rules need.
struct TokenizedRequest: Sendable {
  var tokens: [RequestToken]

  /// Words that join clauses, so "diagnose and restart it" puts "restart" at a clause start.
  static let conjunctions: Set<String> = ["and", "then", "but", "so", "or", "also"]

  init(_ request: String) {
    tokens = request.split(whereSeparator: \.isWhitespace).compactMap {
      Self.token(String($0))
    }
  }

  var count: Int { tokens.count }
  subscript(index: Int) -> RequestToken { tokens[index] }

  func norm(_ index: Int) -> String? {
    tokens.indices.contains(index) ? tokens[index].norm : nil
  }

  /// The first token of `index`'s clause: after the last clause punctuation or conjunction.
  func clauseStart(of index: Int) -> Int {
    var start = index
    while start > 0, !tokens[start - 1].endsClause,
      !Self.conjunctions.contains(tokens[start - 1].norm)
    {
      start -= 1
    }
    return start
  }

  /// The first token of `index`'s sentence: after the last ".", "!" or "?".
  func sentenceStart(of index: Int) -> Int {
    var start = index
    while start > 0, !tokens[start - 1].endsSentence { start -= 1 }
    return start
  }

  /// Whether the sentence holding `index` ends with a question mark.
  func sentenceIsQuestion(at index: Int) -> Bool {
    var end = index
    while end < tokens.count - 1, !tokens[end].endsSentence { end += 1 }
    return tokens[end].endsQuestion
  }

  /// The written words from `range`, joined by one space.
  func written(_ range: Range<Int>) -> String {
    tokens[range].map(\.written).joined(separator: " ")
  }

  private static let leading: Set<Character> = ["\"", "'", "`", "(", "[", "{", "<", "“", "‘", "*"]
  private static let trailing: Set<Character> = [
    "\"", "'", "`", ")", "]", "}", ">", "”", "’", "*", ".", ",", ";", ":", "!", "?", "…",
  ]

  /// A closing bracket that matches an opener inside the word belongs to it: `$(id)`.
  private static func closesBracket(_ last: Character, in core: Substring) -> Bool {
    let openers: [Character: Character] = [")": "(", "]": "[", "}": "{", ">": "<"]
    guard let opener = openers[last] else { return false }
    return core.filter { $0 == opener }.count >= core.filter { $0 == last }.count
  }

  private static func token(_ raw: String) -> RequestToken? {
    var core = Substring(raw)
    var startsQuote = false
    while let first = core.first, leading.contains(first) {
      if "\"'`“‘".contains(first) { startsQuote = true }
      core = core.dropFirst()
    }
    var tail = ""
    while let last = core.last, trailing.contains(last), !closesBracket(last, in: core) {
      tail.insert(last, at: tail.startIndex)
      core = core.dropLast()
    }
    guard !core.isEmpty else { return nil }
    let written = String(core)
    var norm = written.lowercased().replacingOccurrences(of: "’", with: "'")
    if norm.hasSuffix("'s"), norm.count > 2 { norm = String(norm.dropLast(2)) }
    return RequestToken(
      written: written, norm: norm,
      endsClause: tail.contains { ".,;:!?…".contains($0) },
      endsSentence: tail.contains { ".!?…".contains($0) },
      endsQuestion: tail.contains("?"),
      endsQuote: tail.contains { "\"'`”’".contains($0) },
      startsQuote: startsQuote)
  }
}
