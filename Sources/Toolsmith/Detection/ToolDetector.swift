/// A trigger found in the request: the trigger and the words as the person wrote them.
public struct WordMatch: Sendable, Equatable {
  public var trigger: String
  public var written: String
}

/// A catalog entry the request calls for, with the words that show it.
public struct CapabilityMatch: Sendable, Equatable {
  public var entry: CapabilityEntry
  public var strongWords: [WordMatch]
  public var supportingWords: [WordMatch]

  /// "pods, EKS, cluster (with crashing, logs)": the words exactly as written.
  public var matchedWordsText: String {
    let strong = strongWords.map(\.written).joined(separator: ", ")
    guard !supportingWords.isEmpty else { return strong }
    return strong + " (with " + supportingWords.map(\.written).joined(separator: ", ") + ")"
  }
}

/// A tool the request needs and the registry lacks, and why.
public struct ToolNeed: Sendable, Equatable {
  public var match: CapabilityMatch
  /// Why the tool is missing, e.g. "no verified kubectl tool in the registry".
  public var reason: String

  public var entry: CapabilityEntry { match.entry }
  public var matchedWords: [String] { (match.strongWords + match.supportingWords).map(\.written) }

  /// One line for the person: what is needed, which words said so, why it is missing.
  public var explanation: String {
    "\(entry.name): the request mentions \(match.matchedWordsText); \(reason)"
  }
}

/// Decides which catalog entries a request calls for, deterministically: an
/// entry matches when at least one of its strong trigger words appears.
public struct ToolDetector: Sendable {
  public var catalog: CapabilityCatalog

  public init(catalog: CapabilityCatalog = .standard) {
    self.catalog = catalog
  }

  /// The entries the request calls for, in catalog order, whether installed or not.
  public func matches(request: String) -> [CapabilityMatch] {
    let written = WordStemmer.words(of: request)
    let stems = written.map { WordStemmer.stem(String($0)) }
    return catalog.entries.compactMap { entry in
      var strong: [WordMatch] = []
      var supporting: [WordMatch] = []
      for trigger in entry.triggers {
        guard let found = Self.find(trigger.phrase, in: stems, written: written) else { continue }
        let match = WordMatch(trigger: trigger.phrase, written: found)
        if trigger.strength == .strong { strong.append(match) } else { supporting.append(match) }
      }
      guard !strong.isEmpty else { return nil }
      return CapabilityMatch(
        entry: entry, strongWords: Self.inRequestOrder(strong, written),
        supportingWords: Self.inRequestOrder(supporting, written))
    }
  }

  /// The entries the request calls for that `installed` (verified tool names) lacks.
  public func detect(request: String, installed: Set<String>) -> [ToolNeed] {
    matches(request: request).filter { !installed.contains($0.entry.name) }.map {
      ToolNeed(match: $0, reason: "no verified \($0.entry.name) tool in the registry")
    }
  }

  public static func detect(request: String, installed: Set<String>) -> [ToolNeed] {
    ToolDetector().detect(request: request, installed: installed)
  }

  /// The first place the phrase's stems appear consecutively, as written.
  private static func find(_ phrase: String, in stems: [String], written: [Substring]) -> String? {
    let wanted = WordStemmer.words(of: phrase).map { WordStemmer.stem(String($0)) }
    guard !wanted.isEmpty, stems.count >= wanted.count else { return nil }
    for start in 0...(stems.count - wanted.count)
    where Array(stems[start..<start + wanted.count]) == wanted {
      return written[start..<start + wanted.count].joined(separator: " ")
    }
    return nil
  }

  /// Matches sorted by where they first appear, so the explanation reads like the request.
  private static func inRequestOrder(_ matches: [WordMatch], _ written: [Substring]) -> [WordMatch]
  {
    let position = { (match: WordMatch) -> Int in
      let first = match.written.split(separator: " ").first.map(String.init) ?? ""
      return written.firstIndex { String($0) == first } ?? Int.max
    }
    return matches.enumerated().sorted {
      (position($0.element), $0.offset) < (position($1.element), $1.offset)
    }.map(\.element)
  }
}
