/// What a request points at: namespace, all namespaces, named objects, the managed
/// service, plus the kinds mentioned without a name (for advice placeholders).
struct TargetReading: Sendable {
  var targets = RequestTargets()
  /// Named objects with the token where they were found, in request order.
  var resources: [(resource: TargetResource, index: Int, written: String)] = []
  /// Every kind mentioned, named or not ("delete the pods"), with its token.
  var kinds: [(kind: String, index: Int)] = []
  var evidence: [ClassificationEvidence] = []

  private typealias Vocabulary = ClassifierVocabulary

  init(_ tokens: TokenizedRequest) {
    let namespace = Self.namespace(in: tokens)
    let allNamespaces = Self.allNamespaces(in: tokens)
    readResources(tokens)
    targets.resources = resources.map(\.resource)
    if let namespace {
      targets.namespace = namespace.name
      var explanation = "namespace \(namespace.name), from \"\(namespace.written)\""
      if allNamespaces != nil { explanation += "; a named namespace is narrower than all of them" }
      evidence.append(
        ClassificationEvidence(
          rule: "target-namespace", matched: [namespace.written], explanation: explanation))
    } else if let allNamespaces {
      targets.allNamespaces = true
      evidence.append(
        ClassificationEvidence(
          rule: "target-all-namespaces", matched: [allNamespaces],
          explanation: "\"\(allNamespaces)\" asks about every namespace"))
    }
    if !resources.isEmpty {
      evidence.append(
        ClassificationEvidence(
          rule: "target-resources", matched: resources.map(\.written),
          explanation: "named objects: "
            + resources.map(\.resource.reference).joined(separator: ", ")))
    }
    if let hint = tokens.tokens.first(where: { Vocabulary.clusterHints.contains($0.norm) }) {
      targets.clusterHint = hint.norm.uppercased()
      evidence.append(
        ClassificationEvidence(
          rule: "cluster-hint", matched: [hint.written],
          explanation: "the cluster is \(hint.norm.uppercased()), a managed Kubernetes service"))
    }
  }

  // MARK: namespace

  private static func namespace(in tokens: TokenizedRequest) -> (name: String, written: String)? {
    for index in 0..<tokens.count {
      let token = tokens[index]
      let next = index + 1 < tokens.count ? tokens[index + 1] : nil
      let flag = token.norm
      if flag.hasPrefix("--namespace="), case let value = String(flag.dropFirst(12)),
        KubernetesName.isLabel(value)
      {
        return (value, token.written)
      }
      if flag == "-n" || flag == "--namespace" || flag == "namespace" || flag == "ns",
        !token.endsSentence, let next, isNamespaceName(next.norm)
      {
        return (next.norm, tokens.written(index..<(index + 2)))
      }
      if flag == "namespace", index > 0, !tokens[index - 1].endsClause,
        isNamespaceName(tokens[index - 1].norm)
      {
        return (tokens[index - 1].norm, tokens.written((index - 1)..<(index + 1)))
      }
      if Vocabulary.namespacePrepositions.contains(flag), !token.endsClause,
        let found = environment(after: index, in: tokens)
      {
        return (tokens[found].norm, tokens.written(index..<(found + 1)))
      }
    }
    return nil
  }

  private static func isNamespaceName(_ norm: String) -> Bool {
    KubernetesName.isLabel(norm)
      && (Vocabulary.environmentNamespaces.contains(norm) || KubernetesName.isCandidate(norm))
  }

  /// "in production", "to the staging": the environment word's index, unless a cluster
  /// or account word follows ("in the prod cluster" is a cluster, not a namespace).
  private static func environment(after index: Int, in tokens: TokenizedRequest) -> Int? {
    var candidate = index + 1
    if tokens.norm(candidate) == "the", !tokens[candidate].endsClause { candidate += 1 }
    guard let word = tokens.norm(candidate), Vocabulary.environmentNamespaces.contains(word)
    else { return nil }
    if !tokens[candidate].endsClause, let follower = tokens.norm(candidate + 1),
      Vocabulary.notNamespaceFollowers.contains(follower)
    {
      return nil
    }
    return candidate
  }

  private static let allNamespacePhrases: [[String]] = [
    ["all", "namespaces"], ["all", "the", "namespaces"], ["all", "of", "the", "namespaces"],
    ["every", "namespace"], ["each", "namespace"], ["any", "namespace"],
    ["across", "namespaces"], ["across", "the", "cluster"], ["across", "the", "whole", "cluster"],
    ["across", "the", "entire", "cluster"], ["whole", "cluster"], ["entire", "cluster"],
    ["cluster-wide"], ["clusterwide"], ["--all-namespaces"],
  ]

  /// The words asking for every namespace, as written, or nil.
  private static func allNamespaces(in tokens: TokenizedRequest) -> String? {
    for index in 0..<tokens.count {
      if tokens[index].written == "-A" { return "-A" }
      for phrase in allNamespacePhrases where index + phrase.count <= tokens.count {
        let range = index..<(index + phrase.count)
        if zip(range, phrase).allSatisfy({ tokens[$0.0].norm == $0.1 }) {
          return tokens.written(range)
        }
      }
    }
    return nil
  }

  // MARK: resources

  private mutating func readResources(_ tokens: TokenizedRequest) {
    for index in 0..<tokens.count {
      let norm = tokens[index].norm
      if let slash = norm.firstIndex(of: "/") {
        let kindWord = String(norm[..<slash])
        let name = String(norm[norm.index(after: slash)...])
        if let kind = Vocabulary.kinds[kindWord] ?? Vocabulary.slashOnlyKinds[kindWord],
          kind != "namespace", KubernetesName.isObjectName(name)
        {
          kinds.append((kind, index))
          add(TargetResource(kind: kind, name: name), at: index, written: tokens[index].written)
        }
        continue
      }
      if norm == "namespace" || norm == "namespaces" { kinds.append(("namespace", index)) }
      guard let kind = Vocabulary.kinds[norm] else { continue }
      kinds.append((kind, index))
      let before = nameBefore(index, in: tokens)
      if let before, before.introduced {
        add(
          TargetResource(kind: kind, name: before.name), at: index - 1,
          written: tokens.written((index - 1)..<(index + 1)))
      } else if let (name, end) = nameAfter(index, in: tokens) {
        add(
          TargetResource(kind: kind, name: name), at: index,
          written: tokens.written(index..<(end + 1)))
      } else if let before {
        add(
          TargetResource(kind: kind, name: before.name), at: index - 1,
          written: tokens.written((index - 1)..<(index + 1)))
      }
    }
  }

  /// "the api deployment": a name before a singular kind word; `introduced` when an article
  /// or possessive (or the clause start) comes before it, which makes it the likelier reading.
  private func nameBefore(_ index: Int, in tokens: TokenizedRequest) -> (
    name: String, introduced: Bool
  )? {
    guard Vocabulary.singularKinds.contains(tokens[index].norm), index > 0,
      !tokens[index - 1].endsClause, KubernetesName.isCandidate(tokens[index - 1].norm)
    else { return nil }
    let clauseStart = tokens.clauseStart(of: index - 1)
    let introduced =
      index - 1 == clauseStart || Self.introducers.contains(tokens[index - 2].norm)
    return (tokens[index - 1].norm, introduced)
  }

  private static let introducers: Set<String> = [
    "the", "a", "an", "my", "our", "your", "their", "this", "that", "its",
  ]

  /// "pod web-1", "pod named web-1": the name after a kind word.
  private func nameAfter(_ index: Int, in tokens: TokenizedRequest) -> (String, Int)? {
    guard !tokens[index].endsClause else { return nil }
    var next = index + 1
    if let word = tokens.norm(next), word == "named" || word == "called",
      !tokens[next].endsClause
    {
      next += 1
    }
    guard let name = tokens.norm(next), KubernetesName.isCandidate(name) else { return nil }
    return (name, next)
  }

  private mutating func add(_ resource: TargetResource, at index: Int, written: String) {
    guard !resources.contains(where: { $0.resource == resource }) else { return }
    resources.append((resource, index, written))
  }
}
