import Agent
import Foundation
import Governance
import Testing
import Toolsmith

@Suite("Classifier: the reference request and the guarantees around it")
struct ClassifierReferenceTests {
  let classifier = RequestClassifier()
  static let reference =
    "My pods in EKS cluster are crashing, check the logs and diagnose the issue"

  @Test("the reference request is a Green diagnosis for the Kubernetes diagnosis agent")
  func referenceRequest() throws {
    let result = classifier.classify(Self.reference)
    #expect(result.request == Self.reference)
    #expect(result.intent == .diagnosis)
    #expect(result.risk == .green)
    #expect(result.route == .kubernetesDiagnosis)
    #expect(result.targets.clusterHint == "EKS")
    #expect(result.targets.namespace == nil)
    #expect(result.targets.allNamespaces == false)
    #expect(result.changeAdvice == nil)

    let diagnosis = try #require(result.evidence(for: "diagnosis-words"))
    #expect(diagnosis.matched == ["crashing", "logs", "diagnose", "issue"])
    let kubernetes = try #require(result.evidence(for: "kubectl-capability"))
    let words = kubernetes.matched.map { $0.lowercased() }
    for expected in ["pods", "eks", "cluster"] {
      #expect(words.contains(expected), "kubectl-capability should name \(expected)")
    }
    #expect(Array(words.prefix(3)) == ["pods", "eks", "cluster"])
    #expect(result.evidence(for: "cluster-hint")?.matched == ["EKS"])
    #expect(result.summary.contains("kubernetes-diagnosis"))
    #expect(!result.summary.contains("\n"))
  }

  @Test("the same request always gives the same classification, field by field and as JSON")
  func deterministic() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    for request in ClassifierTableTests.cases.map(\.request) + [Self.reference] {
      let first = classifier.classify(request)
      let second = RequestClassifier().classify(request)
      #expect(first == second, "\(request)")
      #expect(try encoder.encode(first) == encoder.encode(second), "\(request)")
    }
  }

  @Test("a classification survives a JSON round trip unchanged")
  func codableRoundTrip() throws {
    for request in [Self.reference, "restart the payment-service deployment in production"] {
      let original = classifier.classify(request)
      let decoded = try JSONDecoder().decode(
        Classification.self, from: JSONEncoder().encode(original))
      #expect(decoded == original)
    }
  }

  @Test("routing follows the catalog it is given: without kubectl, pods name nothing it can read")
  func routingComesFromTheCatalog() {
    let logsOnly = RequestClassifier(catalog: CapabilityCatalog(entries: [LogfileCapability.entry]))
    let result = logsOnly.classify("why are my pods crashing?")
    #expect(result.intent == .diagnosis)
    #expect(result.route == .unsupported)
    #expect(result.evidence(for: "kubectl-capability") == nil)
    #expect(result.evidence(for: "no-capability") != nil)
    #expect(classifier.classify("why are my pods crashing?").route == .kubernetesDiagnosis)
  }

  @Test("an empty or blank request is unknown and says what meta-agent can do")
  func emptyRequest() throws {
    for request in ["", "   ", "?!"] {
      let result = classifier.classify(request)
      #expect(result.intent == .unknown)
      #expect(result.route == .unsupported)
      #expect(result.risk == .green)
      let nothing = try #require(result.evidence(for: "nothing-matched"))
      #expect(nothing.explanation.contains("kubectl"))
      #expect(nothing.explanation.contains("logfile"))
    }
  }
}
