import Foundation

/// The scheduler's reasons for not placing a pod, parsed from a FailedScheduling message such as
/// `0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: monitoring},
/// 2 node(s) didn't match Pod's node affinity/selector. preemption: ...`.
struct SchedulingFailure: Sendable, Equatable {
  enum Reason: Sendable, Equatable {
    /// `3 Insufficient cpu`
    case insufficient(resource: String, nodes: Int)
    /// `2 node(s) didn't match Pod's node affinity/selector`
    case affinityMismatch(nodes: Int)
    /// `1 node(s) had untolerated taint {dedicated: monitoring}`
    case untoleratedTaint(taint: String, nodes: Int)
    /// `pod has unbound immediate PersistentVolumeClaims`
    case unboundClaims
    /// `1 node(s) were unschedulable` (cordoned)
    case cordoned(nodes: Int)
    /// Anything else, verbatim.
    case other(String)
  }

  var availableNodes: Int?
  var totalNodes: Int?
  var reasons: [Reason]
  var message: String

  init(message: String) {
    self.message = message
    var text = message
    if let preemption = text.range(of: " preemption:") {
      text = String(text[..<preemption.lowerBound])
    }
    text = text.trimmingCharacters(in: CharacterSet(charactersIn: " ."))
    if let colon = text.range(of: " nodes are available: ") {
      let counts = text[..<colon.lowerBound].split(separator: "/")
      if counts.count == 2 {
        availableNodes = Int(counts[0].trimmingCharacters(in: .whitespaces))
        totalNodes = Int(counts[1])
      }
      text = String(text[colon.upperBound...])
    }
    reasons = Self.clauses(text).map(Self.reason)
  }

  /// Splits on ", " outside braces (a taint `{k: v}` has none, but be safe).
  private static func clauses(_ text: String) -> [String] {
    var clauses: [String] = []
    var depth = 0
    var current = ""
    var index = text.startIndex
    while index < text.endIndex {
      let character = text[index]
      if character == "{" { depth += 1 }
      if character == "}" { depth -= 1 }
      if character == ",", depth == 0 {
        clauses.append(current.trimmingCharacters(in: .whitespaces))
        current = ""
      } else {
        current.append(character)
      }
      index = text.index(after: index)
    }
    clauses.append(current.trimmingCharacters(in: CharacterSet(charactersIn: " .")))
    return clauses.filter { !$0.isEmpty }
  }

  private static func reason(_ clause: String) -> Reason {
    let words = clause.split(separator: " ", maxSplits: 1)
    let count = words.first.flatMap { Int($0) }
    let rest = count == nil ? clause : words.count > 1 ? String(words[1]) : ""
    let nodes = count ?? 0
    if rest.hasPrefix("Insufficient ") {
      return .insufficient(resource: String(rest.dropFirst("Insufficient ".count)), nodes: nodes)
    }
    if rest.contains("didn't match Pod's node affinity") || rest.contains("node selector") {
      return .affinityMismatch(nodes: nodes)
    }
    if rest.contains("taint"), let open = rest.firstIndex(of: "{"),
      let close = rest.firstIndex(of: "}"), open < close
    {
      return .untoleratedTaint(
        taint: String(rest[rest.index(after: open)..<close]), nodes: nodes)
    }
    if rest.contains("unbound immediate PersistentVolumeClaims") { return .unboundClaims }
    if rest.contains("were unschedulable") { return .cordoned(nodes: nodes) }
    return .other(clause)
  }
}
