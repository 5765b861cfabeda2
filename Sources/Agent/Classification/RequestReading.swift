/// The words of a request sorted into the classifier's rules; each token is used by one
/// rule at most, in this order: a pasted kubectl command, change verbs, diagnosis words,
/// query words.
struct RequestReading: Sendable {
  var tokens: TokenizedRequest
  var pasted: PastedKubectlCommand?
  var changes: [ChangeVerbMatch] = []
  /// Ranges of diagnosis words and phrases, symptoms included, in request order.
  var diagnosis: [Range<Int>] = []
  var query: [Range<Int>] = []

  private var used: [Bool]

  init(_ request: String) {
    tokens = TokenizedRequest(request)
    used = Array(repeating: false, count: tokens.count)
    pasted = PastedKubectlCommand.find(in: tokens)
    if let pasted { markUsed(pasted.range) }
    findChanges()
    findDiagnosis()
    findQuery()
    diagnosis.sort { $0.lowerBound < $1.lowerBound }
  }

  func written(_ ranges: [Range<Int>]) -> [String] { ranges.map { tokens.written($0) } }

  private mutating func markUsed(_ range: Range<Int>) {
    for index in range { used[index] = true }
  }

  /// The longest of `phrases` that starts at `start` on unused tokens inside one clause.
  private func phrase(at start: Int, in phrases: [[String]]) -> Range<Int>? {
    var best: Range<Int>?
    for words in phrases where start + words.count <= tokens.count {
      let range = start..<(start + words.count)
      guard words.count > (best?.count ?? 0),
        range.allSatisfy({ !used[$0] }),
        range.dropLast().allSatisfy({ !tokens[$0].endsClause }),
        zip(range, words).allSatisfy({ tokens[$0.0].norm == $0.1 })
      else { continue }
      best = range
    }
    return best
  }

  // MARK: change verbs

  private static let changePhrases = ChangeAction.phrases.map(\.words)

  private mutating func findChanges() {
    var index = 0
    while index < tokens.count {
      guard !used[index], let range = phrase(at: index, in: Self.changePhrases) else {
        index += 1
        continue
      }
      let words = range.map { tokens[$0].norm }
      // "rollout status" and "rollout history" only read; the query rule takes them.
      if words == ["rollout"], let next = tokens.norm(index + 1),
        next == "status" || next == "history"
      {
        index += 1
        continue
      }
      let action = Self.refine(
        ChangeAction.phrases.first { $0.words == words }!.action, after: range.upperBound,
        in: tokens)
      var use = self.use(ofVerbAt: range.lowerBound)
      if action == .fix, use == .question || use == .mentioned { use = .mentioned }
      markUsed(range)
      if use == .symptom {
        let negator = symptomNegatorStart(before: range.lowerBound) ?? range.lowerBound
        diagnosis.append(negator..<range.upperBound)
      } else if action == .fix, use == .mentioned {
        // "how do I fix it?" asks for a diagnosis and its recommendations.
        diagnosis.append(range)
      } else {
        changes.append(ChangeVerbMatch(action: action, range: range, use: use))
      }
      index = range.upperBound
    }
  }

  /// "remove the finalizer" edits an object and "remove the taint" untaints a node; the
  /// delete family only deletes when what follows is the object itself.
  private static func refine(_ action: ChangeAction, after end: Int, in tokens: TokenizedRequest)
    -> ChangeAction
  {
    guard action == .delete else { return action }
    var index = end
    while let word = tokens.norm(index), ClassifierVocabulary.articles.contains(word) {
      index += 1
    }
    guard let part = tokens.norm(index), ClassifierVocabulary.partsOfAnObject.contains(part) else {
      if let word = tokens.norm(index), word == "taint" || word == "taints" { return .untaint }
      return action
    }
    return .edit
  }

  /// Where "won't" or "does not" begins right before `index`, if it does.
  private func symptomNegatorStart(before index: Int) -> Int? {
    if let previous = tokens.norm(index - 1), !tokens[index - 1].endsClause,
      ClassifierVocabulary.symptomNegators.contains(previous)
    {
      return index - 1
    }
    if index >= 2, !tokens[index - 2].endsClause, !tokens[index - 1].endsClause,
      ClassifierVocabulary.symptomNegatorPairs.contains([
        tokens[index - 2].norm, tokens[index - 1].norm,
      ])
    {
      return index - 2
    }
    return nil
  }

  private func use(ofVerbAt index: Int) -> ChangeVerbMatch.Use {
    if symptomNegatorStart(before: index) != nil { return .symptom }
    let clause = tokens.clauseStart(of: index)
    let before = tokens.tokens[clause..<index].map(\.norm)
    if before.contains(where: ClassifierVocabulary.commandNegators.contains) { return .negated }
    guard isRequestPosition(index, clauseStart: clause) else { return .mentioned }
    let previous = before.last
    if before.contains(where: ClassifierVocabulary.questionOpeners.contains) { return .question }
    if previous == "i" || previous == "we",
      tokens.sentenceIsQuestion(at: index)
        || before.contains(where: ClassifierVocabulary.questionModals.contains)
    {
      return .question
    }
    return .asked
  }

  /// A base-form verb asks for something at a clause start, after "please", "and", "to",
  /// "you"... , or as the noun in "do a (rolling) restart".
  private func isRequestPosition(_ index: Int, clauseStart: Int) -> Bool {
    guard index > clauseStart else { return true }
    let vocabulary = ClassifierVocabulary.self
    let back = { (distance: Int) -> String? in
      index - distance >= clauseStart ? tokens[index - distance].norm : nil
    }
    guard let previous = back(1) else { return true }
    if vocabulary.requestPrefixes.contains(previous) { return true }
    if vocabulary.articles.contains(previous), let verb = back(2) {
      return vocabulary.nounRequestVerbs.contains(verb)
    }
    if vocabulary.nounModifiers.contains(previous), let article = back(2), let verb = back(3) {
      return vocabulary.articles.contains(article) && vocabulary.nounRequestVerbs.contains(verb)
    }
    return false
  }

  // MARK: diagnosis and query words

  private mutating func findDiagnosis() {
    let vocabulary = ClassifierVocabulary.self
    var index = 0
    while index < tokens.count {
      if used[index] {
        index += 1
        continue
      }
      if let range = phrase(at: index, in: vocabulary.diagnosisPhrases) {
        record(range, in: \.diagnosis)
        index = range.upperBound
        continue
      }
      if let start = symptomPhrase(at: index) {
        record(start..<(index + 1), in: \.diagnosis)
        index += 1
        continue
      }
      let word = tokens[index].norm
      let afterChangeWord = tokens.norm(index - 1).map(vocabulary.notASymptomBeforeDown.contains)
      if vocabulary.diagnosisWords.contains(word), word != "down" || afterChangeWord != true {
        record(index..<(index + 1), in: \.diagnosis)
      }
      index += 1
    }
  }

  /// "won't start", "does not respond": a negated verb describing a symptom, ending at `index`.
  private func symptomPhrase(at index: Int) -> Int? {
    guard let start = symptomNegatorStart(before: index), (start..<index).allSatisfy({ !used[$0] })
    else { return nil }
    let word = tokens[index].norm
    guard !ClassifierVocabulary.notNames.contains(word) || word == "running" || word == "ready"
    else { return nil }
    return start
  }

  private mutating func findQuery() {
    var index = 0
    while index < tokens.count {
      if used[index] {
        index += 1
        continue
      }
      if let range = phrase(at: index, in: ClassifierVocabulary.queryPhrases) {
        record(range, in: \.query)
        index = range.upperBound
        continue
      }
      if ClassifierVocabulary.queryWords.contains(tokens[index].norm) {
        record(index..<(index + 1), in: \.query)
      }
      index += 1
    }
  }

  private mutating func record(_ range: Range<Int>, in list: WritableKeyPath<Self, [Range<Int>]>) {
    self[keyPath: list].append(range)
    markUsed(range)
  }
}
