import Governance
import Kube
import Toolsmith

/// The classifier's working state for one request: evidence is appended rule by rule in
/// decision order, then the intent, route and advice follow from what fired.
struct ClassificationDecision {
  let request: String
  let reading: RequestReading
  let targets: TargetReading
  let catalog: CapabilityCatalog
  private(set) var evidence: [ClassificationEvidence] = []
  private(set) var intent: Intent = .unknown
  private(set) var route: Route = .unsupported
  private(set) var advice: ChangeAdvice?
  private(set) var detail = ""

  init(
    request: String, reading: RequestReading, targets: TargetReading, catalog: CapabilityCatalog
  ) {
    self.request = request
    self.reading = reading
    self.targets = targets
    self.catalog = catalog
  }

  private var asked: [ChangeVerbMatch] { reading.changes.filter { $0.use == .asked } }
  private var questions: [ChangeVerbMatch] { reading.changes.filter { $0.use == .question } }
  private var pastedChange: PastedKubectlCommand? {
    reading.pasted.flatMap { !$0.negated && $0.isChange ? $0 : nil }
  }
  private var pastedRead: PastedKubectlCommand? {
    reading.pasted.flatMap { !$0.negated && !$0.isChange ? $0 : nil }
  }
  private var isChange: Bool { pastedChange != nil || !asked.isEmpty || !questions.isEmpty }

  private func words(_ matches: [ChangeVerbMatch]) -> [String] {
    reading.written(matches.map(\.range))
  }

  /// The change words for prose, lowercased so "DELETE" reads like "delete".
  private func verbs(_ matches: [ChangeVerbMatch]) -> String {
    list(words(matches).map { $0.lowercased() })
  }

  private func list(_ words: [String]) -> String { words.joined(separator: ", ") }

  // MARK: evidence from words

  mutating func recordWordRules() {
    if let pasted = reading.pasted {
      evidence.append(Self.pastedEvidence(pasted))
    }
    let vocabulary: [(rule: String, use: ChangeVerbMatch.Use, explain: (String) -> String)] = [
      (
        "change-verbs", .asked,
        { "\($0) would change the cluster; meta-agent is read-only by design" }
      ),
      (
        "change-question", .question,
        { "asks how to \($0): answered with the commands, which meta-agent never runs" }
      ),
      ("negated-change", .negated, { "\($0) is negated in its clause: not a request to change" }),
      (
        "change-word-mentioned", .mentioned,
        { "\($0) is mentioned as a thing, not asked for (e.g. \"after the restart\")" }
      ),
    ]
    for rule in vocabulary {
      let found = reading.changes.filter { $0.use == rule.use }
      guard !found.isEmpty else { continue }
      let written = words(found)
      evidence.append(
        ClassificationEvidence(
          rule: rule.rule, matched: written, explanation: rule.explain(list(written))))
    }
    let diagnosis = reading.written(reading.diagnosis)
    if !diagnosis.isEmpty {
      evidence.append(
        ClassificationEvidence(
          rule: "diagnosis-words", matched: diagnosis,
          explanation: "\(list(diagnosis)) describe a problem to diagnose"))
    }
    let query = reading.written(reading.query)
    if !query.isEmpty {
      evidence.append(
        ClassificationEvidence(
          rule: "query-words", matched: query, explanation: "\(list(query)) ask for information"))
    }
  }

  private static func pastedEvidence(_ pasted: PastedKubectlCommand) -> ClassificationEvidence {
    let explanation: String
    switch (pasted.negated, pasted.verdict) {
    case (true, _):
      explanation = "a kubectl command mentioned under a negation: not run, not asked for"
    case (false, .success(let command)):
      explanation =
        "a kubectl command; the verb policy allows `kubectl \(command.verb.rawValue)` (read-only)"
    case (false, .failure(let refusal)):
      explanation = "a kubectl command; the verb policy refuses \(refusal.refused): \(refusal.why)"
    }
    return ClassificationEvidence(
      rule: "pasted-kubectl", matched: [pasted.text], explanation: explanation)
  }

  mutating func recordCapabilities(_ matches: [CapabilityMatch]) {
    for match in matches {
      let words = (match.strongWords + match.supportingWords).map(\.written)
      let ordered = words.enumerated().sorted {
        (position(of: $0.element), $0.offset) < (position(of: $1.element), $1.offset)
      }.map(\.element)
      evidence.append(
        ClassificationEvidence(
          rule: "\(match.entry.name)-capability", matched: ordered,
          explanation:
            "\(match.matchedWordsText) call for \(match.entry.name): \(match.entry.summary)"))
    }
  }

  /// Where a capability word first appears, so evidence reads in request order.
  private func position(of written: String) -> Int {
    let first = written.split(separator: " ").first.map(String.init) ?? written
    guard let range = request.range(of: first) else { return Int.max }
    return request.distance(from: request.startIndex, to: range.lowerBound)
  }

  // MARK: the decision

  mutating func decide(capability: CapabilityEntry?) {
    if isChange {
      decideChange()
      return
    }
    let hasDiagnosis = !reading.diagnosis.isEmpty
    let hasQuery = !reading.query.isEmpty || pastedRead != nil
    if let pasted = pastedRead, case .failure(let refusal) = pasted.verdict {
      intent = hasDiagnosis ? .diagnosis : .query
      route = .unsupported
      detail = "the verb policy refuses \(refusal.refused)"
      return
    }
    guard
      let capability = capability ?? kubernetesFromTargets(hasQuestion: hasDiagnosis || hasQuery)
    else {
      decideWithoutCapability(hasDiagnosis: hasDiagnosis, hasQuery: hasQuery)
      return
    }
    if hasDiagnosis {
      intent = .diagnosis
    } else {
      intent = .query
      if !hasQuery {
        evidence.append(
          ClassificationEvidence(
            rule: "capability-only", matched: [],
            explanation: "the request names what to look at but asks nothing specific; "
              + "treated as a read-only query"))
      }
    }
    if capability.authKind == .kubernetes {
      route = intent == .diagnosis ? .kubernetesDiagnosis : .kubernetesQuery
    } else if capability.name == LogfileCapability.entry.name {
      route = .logReader
    } else {
      route = .unsupported
    }
    let words = reading.written(intent == .diagnosis ? reading.diagnosis : reading.query)
    detail = words.isEmpty ? capability.name : list(words)
  }

  /// Without a Kubernetes word, a named namespace or object still means Kubernetes ("why does
  /// payment-service keep crashing in prod?"), when the catalog has a Kubernetes entry.
  private mutating func kubernetesFromTargets(hasQuestion: Bool) -> CapabilityEntry? {
    guard hasQuestion, let entry = catalog.entries.first(where: { $0.authKind == .kubernetes })
    else { return nil }
    let found = targets.evidence.filter {
      $0.rule == "target-namespace" || $0.rule == "target-resources"
    }
    guard !found.isEmpty else { return nil }
    evidence.append(
      ClassificationEvidence(
        rule: "kubernetes-targets", matched: found.flatMap(\.matched),
        explanation: "no Kubernetes word, but a namespace or object is named: "
          + "routed to \(entry.name)"))
    return entry
  }

  private mutating func decideWithoutCapability(hasDiagnosis: Bool, hasQuery: Bool) {
    route = .unsupported
    let offer =
      "meta-agent reads, never changes: "
      + Self.offer(catalog)
    if hasDiagnosis {
      intent = .diagnosis
      detail = "nothing names a cluster or a log file"
      evidence.append(
        ClassificationEvidence(
          rule: "no-capability", matched: [],
          explanation: "a problem is described, but nothing names a Kubernetes object or a log "
            + "file; name the pods, deployment, namespace or cluster (or the log file). \(offer)"))
    } else {
      intent = .unknown
      detail = "nothing in the request matched a rule"
      evidence.append(
        ClassificationEvidence(
          rule: "nothing-matched", matched: [],
          explanation: (hasQuery
            ? "question words alone do not name anything meta-agent can read. "
            : "no word names a change, a problem, a question or something meta-agent can read. ")
            + offer))
    }
  }

  /// "kubectl: Read-only Kubernetes diagnosis...; logfile: List and tail log files...".
  private static func offer(_ catalog: CapabilityCatalog) -> String {
    catalog.entries.map { "\($0.name): \($0.summary)" }.joined(separator: "; ")
  }

  private mutating func decideChange() {
    let changes = (asked + questions).sorted { $0.range.lowerBound < $1.range.lowerBound }
    let intents = changes.map(\.action.intent) + (pastedChange.map { [$0.intent] } ?? [])
    intent =
      intents.contains(.delete) ? .delete : intents.contains(.deploy) ? .deploy : .change
    route = .refuseChange
    var commands: [String] = []
    var refused = words(changes).map { $0.lowercased() }
    if let pasted = pastedChange, case .failure(let refusal) = pasted.verdict {
      commands.append(refusal.operatorCommand)
      refused.insert(pasted.text, at: 0)
    }
    let builder = ChangeAdviceBuilder(tokens: reading.tokens, targets: targets)
    for command in builder.commands(for: changes) where !commands.contains(command) {
      commands.append(command)
    }
    advice = ChangeAdvice(reason: reason(), commands: commands)
    let count = commands.count == 1 ? "1 command" : "\(commands.count) commands"
    detail =
      "\(list(refused)) would change the cluster; read-only by design, \(count) to run yourself"
    let diagnosis = reading.written(reading.diagnosis)
    if !diagnosis.isEmpty {
      evidence.append(
        ClassificationEvidence(
          rule: "diagnosis-deferred", matched: diagnosis,
          explanation: "the diagnosis part (\(list(diagnosis))) can be asked on its own, without "
            + "the change, and meta-agent will run it read-only"))
    }
  }

  private func reason() -> String {
    let run =
      "If you want the change, check the command and run it yourself with your own credentials."
    if let pasted = pastedChange, case .failure(let refusal) = pasted.verdict {
      return "meta-agent is read-only by design: it refuses \(refusal.refused) because "
        + "\(refusal.why). \(run)"
    }
    if asked.isEmpty {
      return "meta-agent is read-only by design, so it answers how to \(verbs(questions)) "
        + "with the command below and never runs it. \(run)"
    }
    let diagnosisAlone =
      reading.diagnosis.isEmpty
      ? "" : "; ask for the diagnosis on its own and it runs, read-only"
    return "meta-agent is read-only by design: it reads and diagnoses, and never runs "
      + "\(verbs(asked)) or any other change in a cluster\(diagnosisAlone). \(run)"
  }

  // MARK: the result

  func classification() -> Classification {
    let risk: RiskLevel = route == .refuseChange ? .red : .green
    var summary = "\(intent.rawValue) (\(risk.rawValue)) → \(route.rawValue): \(detail)"
    if let namespace = targets.targets.namespace {
      summary += "; namespace \(namespace)"
    } else if targets.targets.allNamespaces {
      summary += "; all namespaces"
    }
    if let hint = targets.targets.clusterHint { summary += "; \(hint)" }
    return Classification(
      request: request, intent: intent, risk: risk, route: route, targets: targets.targets,
      evidence: evidence + targets.evidence, changeAdvice: advice, summary: summary)
  }
}
