import Agent
import Testing

@Suite("Classifier: a change can never slip through, and advice cannot be turned into a weapon")
struct ClassifierSafetyTests {
  let classifier = RequestClassifier()

  static let disguisedChanges: [String] = [
    "please, just quickly delete pod x",
    "I need you to scale payment-service to 0",
    "go ahead and drain node worker-1",
    "Could you please restart the api deployment?",
    "do a rolling restart of deployment web",
    "trigger a rollout restart of statefulset db in production",
    "kubectl -n prod delete deployment web",
    "/usr/bin/kubectl delete pod x",
    "KUBECTL DELETE POD X",
    "my pods are crashing; diagnose them and then kill the broken ones",
    "what is wrong with pod web-1? fix it for me",
    "kubectl rollout restart deployment/web -n prod",
    "taint node gpu-1 dedicated=ml",
    "annotate deployment web owner=team-a",
    "port-forward pod web-1",
    "uninstall the redis release with helm",
  ]

  @Test(
    "a change phrased in any of these ways is refused with commands", arguments: disguisedChanges)
  func disguisedChangeIsRefused(_ request: String) {
    let result = classifier.classify(request)
    #expect(result.route == .refuseChange)
    #expect(result.risk == .red)
    #expect([Intent.change, .delete, .deploy].contains(result.intent))
    #expect(result.changeAdvice?.commands.isEmpty == false)
  }

  @Test("a name that is not a Kubernetes name never reaches a command")
  func injectedNamesBecomePlaceholders() throws {
    let attacks = [
      "restart deployment x;rm in production",
      "delete pod $(reboot) in dev",
      "scale deployment `id` to 3",
      "label pod web|sh team=a",
    ]
    for request in attacks {
      let result = classifier.classify(request)
      let commands = try #require(result.changeAdvice?.commands, "\(request)")
      for command in commands {
        #expect(!command.contains { ";$`|&()".contains($0) }, "\(command) from \(request)")
      }
    }
  }

  @Test("a pasted command's odd characters stay quoted, and its credentials are dropped")
  func pastedCommandIsQuotedWithoutCredentials() throws {
    let quoted = classifier.classify("kubectl delete pod 'x$(id)'")
    #expect(quoted.changeAdvice?.commands == ["kubectl delete pod 'x$(id)'"])

    let withToken = classifier.classify("kubectl delete pod web-1 --token=sekrit-123 -n prod")
    #expect(withToken.route == .refuseChange)
    let advice = try #require(withToken.changeAdvice)
    #expect(advice.commands == ["kubectl delete pod web-1 -n prod"])
    let shown =
      [withToken.summary, advice.reason] + advice.commands
      + withToken.evidence.flatMap { $0.matched + [$0.explanation] }
    #expect(!shown.contains { $0.contains("sekrit") })
  }

  @Test("a command after a clause break is not swallowed into the pasted one")
  func pastedCommandEndsAtItsClause() {
    let result = classifier.classify("kubectl delete pod x; rm -rf ~")
    #expect(result.changeAdvice?.commands.first == "kubectl delete pod x")
  }

  @Test("prose about kubectl is not mistaken for a command line")
  func kubectlInProse() {
    let result = classifier.classify("my kubectl is slow when listing pods, why?")
    #expect(result.evidence(for: "pasted-kubectl") == nil)
    #expect(result.intent == .diagnosis)
    #expect(result.route == .kubernetesDiagnosis)
  }
}
