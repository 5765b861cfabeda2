import Kube

/// A kubectl command line written into the request ("kubectl delete pod x"), judged by
/// the same verb policy that guards every real kubectl call.
struct PastedKubectlCommand: Sendable {
  /// The tokens from `kubectl` to the end of its clause or quote.
  var range: Range<Int>
  /// The words after `kubectl`, as written.
  var argv: [String]
  var verdict: Result<KubectlCommand, PolicyRefusal>
  /// "don't run kubectl delete ...": the command is mentioned, not asked for.
  var negated: Bool

  /// The command for evidence: as written when allowed, else the policy's rendering, which
  /// leaves out credential flags and their values.
  var text: String {
    switch verdict {
    case .success: (["kubectl"] + argv).joined(separator: " ")
    case .failure(let refusal): refusal.operatorCommand
    }
  }

  /// True when the policy refused it because it would change the cluster or reach into a
  /// workload: those are change requests, answered with advice.
  var isChange: Bool {
    guard case .failure(let refusal) = verdict,
      case .refusedVerb(_, let category) = refusal.reason
    else { return false }
    return category == .changesCluster || category == .reachesIntoWorkloads
  }

  var intent: Intent {
    argv.first { !$0.hasPrefix("-") } == "delete" ? .delete : .change
  }

  /// The first `kubectl` followed by a built-in command (not a plugin, not prose such as
  /// "my kubectl is broken"), or nil.
  static func find(in tokens: TokenizedRequest) -> PastedKubectlCommand? {
    for start in 0..<tokens.count {
      let word = tokens[start].norm
      guard word == "kubectl" || word.hasSuffix("/kubectl"), !tokens[start].endsClause,
        start + 1 < tokens.count
      else { continue }
      var end = start + 1
      while end < tokens.count - 1, !tokens[end].endsClause, !tokens[end].endsQuote { end += 1 }
      while end > start + 1, ClassifierVocabulary.trailingFiller.contains(tokens[end].norm) {
        end -= 1
      }
      let argv = tokens.tokens[(start + 1)...end].map(\.written)
      let verdict = KubectlVerbPolicy.check(argv: argv)
      if case .failure(let refusal) = verdict {
        switch refusal.reason {
        case .plugin, .noVerb: continue
        default: break
        }
      }
      let clause = tokens.clauseStart(of: start)
      let negated = tokens.tokens[clause..<start].contains {
        ClassifierVocabulary.commandNegators.contains($0.norm)
      }
      return PastedKubectlCommand(
        range: start..<(end + 1), argv: argv, verdict: verdict, negated: negated)
    }
    return nil
  }
}
