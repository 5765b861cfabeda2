import Agent
import Governance
import Testing

@Suite("Classifier: arbitrary input keeps every invariant")
struct ClassifierRobustnessTests {
  /// Words and scraps that exercise every rule and every edge of the tokenizer.
  static let pool: [String] = [
    "", "-n", "-A", "--namespace", "--namespace=", "--namespace=prod", "kubectl",
    "/usr/bin/kubectl",
    "'", "`", "\"", "(", ")", "$(id)", "?", "!", ",", ".", ";", ":", "don't", "not", "never",
    "won't", "failed", "to", "delete", "restart", "scale", "rollout", "undo", "status", "fix",
    "it", "for", "me", "pod", "pods", "deployment", "deployment/", "deploy/web", "/", "node",
    "namespace", "ns", "in", "the", "a", "production", "kube-system", "web-1", "x", "5",
    "replicas", "--replicas=3", "how", "do", "i", "we", "can", "you", "please", "and", "then",
    "why", "crashing", "logs", "list", "show", "EKS", "é", "🚀", "app.yaml", "/var/log/syslog",
    "team=a", "nginx:1.27", "web=nginx:1.27", "helm", "install", "remove", "finalizer", "taint",
    "all", "namespaces", "across", "cluster", "named", "get", "rid", "of", "set", "image",
    "ssh", "port-forward", "drain", "cordon", "--token=abc", "exec", "--", "sh", "PROD",
  ]

  /// Deterministic pseudo-random requests, so a failure always reproduces.
  static func requests(count: Int) -> [String] {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    return (0..<count).map { _ in
      let length = next() % 12
      return (0..<length).map { _ in pool[next() % pool.count] }
        .joined(separator: next() % 4 == 0 ? "" : " ")
    }
  }

  @Test("two thousand generated requests: no crash, same answer twice, consistent fields")
  func generatedRequests() {
    let classifier = RequestClassifier()
    for request in Self.requests(count: 2000) {
      let result = classifier.classify(request)
      #expect(result == classifier.classify(request), "not deterministic: \(request)")
      let refused = result.route == .refuseChange
      #expect((result.risk == .red) == refused, "\(request)")
      #expect((result.changeAdvice != nil) == refused, "\(request)")
      #expect(
        [Intent.change, .delete, .deploy].contains(result.intent) == refused, "\(request)")
      #expect(!result.summary.isEmpty && !result.summary.contains("\n"), "\(request)")
      #expect(!result.evidence.isEmpty, "no evidence for \(request)")
      for command in result.changeAdvice?.commands ?? [] {
        let words = command.split(separator: " ", omittingEmptySubsequences: false)
        #expect(!words.contains(""), "\(command) from \(request)")
        #expect(words.last != "-n", "\(command) from \(request)")
        #expect(!command.contains("abc"), "a credential reached \(command)")
      }
      if let namespace = result.targets.namespace {
        #expect(!namespace.isEmpty && !namespace.hasPrefix("-"), "\(request)")
      }
    }
  }
}
