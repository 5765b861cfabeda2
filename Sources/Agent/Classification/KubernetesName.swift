/// Checks for Kubernetes names, so only a real-looking name reaches a target or a command
/// (a command built from them then needs no shell quoting).
enum KubernetesName {
  /// A DNS subdomain (pods, deployments, nodes): lowercase letters, digits, "-" and ".",
  /// starting and ending with a letter or digit, with at least one letter.
  static func isObjectName(_ text: String) -> Bool {
    isName(text, allowDots: true, maxLength: 253)
  }

  /// A DNS label (namespaces): the same without dots, at most 63 characters.
  static func isLabel(_ text: String) -> Bool {
    isName(text, allowDots: false, maxLength: 63)
  }

  private static func isName(_ text: String, allowDots: Bool, maxLength: Int) -> Bool {
    guard let first = text.first, let last = text.last, text.count <= maxLength else {
      return false
    }
    let isAlphanumeric = { (character: Character) in
      character.isASCII && (character.isLowercase || character.isNumber)
    }
    return isAlphanumeric(first) && isAlphanumeric(last)
      && text.allSatisfy { isAlphanumeric($0) || $0 == "-" || (allowDots && $0 == ".") }
      && text.contains { $0.isLetter }
  }

  /// A word of the request that could be an object's name: name-shaped and not one of the
  /// classifier's own words ("pod is crashing" names no pod "is").
  static func isCandidate(_ norm: String) -> Bool {
    let vocabulary = ClassifierVocabulary.self
    return isObjectName(norm) && !vocabulary.notNames.contains(norm)
      && vocabulary.kinds[norm] == nil && !vocabulary.diagnosisWords.contains(norm)
      && !vocabulary.queryWords.contains(norm) && !vocabulary.clusterHints.contains(norm)
      && !changeWords.contains(norm) && !vocabulary.environmentNamespaces.contains(norm)
  }

  private static let changeWords = Set(ChangeAction.phrases.flatMap(\.words))
}
