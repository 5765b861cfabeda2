/// One rule that fired, the words it matched (as written, in request order) and what it means.
public struct ClassificationEvidence: Codable, Sendable, Equatable {
  /// The rule's id, as listed in docs/classifier.md (e.g. "diagnosis-words").
  public var rule: String
  public var matched: [String]
  /// One sentence for the operator.
  public var explanation: String

  public init(rule: String, matched: [String], explanation: String) {
    self.rule = rule
    self.matched = matched
    self.explanation = explanation
  }
}
