import Agent
import Foundation
import Governance
import Testing

/// One request and what the classifier must make of it.
struct ClassifierCase: Sendable, CustomTestStringConvertible {
  var request: String
  var intent: Intent
  var route: Route
  /// The exact advice commands, for change requests.
  var commands: [String]? = nil
  /// A rule that must be in the evidence.
  var rule: String? = nil
  var namespace: String? = nil
  var allNamespaces = false
  var resources: [TargetResource]? = nil

  var testDescription: String { request }
}

@Suite("Classifier: a table of requests covering every rule")
struct ClassifierTableTests {
  let classifier = RequestClassifier()

  static let cases: [ClassifierCase] = [
    // Symptoms are diagnosis, never a change.
    ClassifierCase(
      request: "Why does my pod keep restarting?", intent: .diagnosis,
      route: .kubernetesDiagnosis, rule: "diagnosis-words"),
    ClassifierCase(
      request: "What's wrong with my cluster?", intent: .diagnosis, route: .kubernetesDiagnosis),
    ClassifierCase(
      request: "The HPA won't scale the api deployment past 3 replicas", intent: .diagnosis,
      route: .kubernetesDiagnosis, resources: [TargetResource(kind: "deployment", name: "api")]),
    ClassifierCase(
      request: "the pod failed to restart after the node was drained", intent: .diagnosis,
      route: .kubernetesDiagnosis),
    ClassifierCase(
      request: "after the last upgrade my pods keep crashing", intent: .diagnosis,
      route: .kubernetesDiagnosis, rule: "change-word-mentioned"),
    ClassifierCase(
      request: "why did the rollout of deployment web fail in staging?", intent: .diagnosis,
      route: .kubernetesDiagnosis, rule: "change-word-mentioned", namespace: "staging",
      resources: [TargetResource(kind: "deployment", name: "web")]),
    ClassifierCase(
      request: "Don't delete anything, just tell me why my pods are failing", intent: .diagnosis,
      route: .kubernetesDiagnosis, rule: "negated-change"),
    ClassifierCase(
      request: "why does the payment-service keep crashing in prod?", intent: .diagnosis,
      route: .kubernetesDiagnosis, rule: "kubernetes-targets", namespace: "prod"),
    ClassifierCase(
      request: "I don't want to restart anything, what is causing the CrashLoopBackOff?",
      intent: .diagnosis, route: .kubernetesDiagnosis, rule: "negated-change"),
    ClassifierCase(
      request: "diagnose the issue", intent: .diagnosis, route: .unsupported,
      rule: "no-capability"),
    ClassifierCase(
      request: "why was pod web-1 OOMKilled?", intent: .diagnosis, route: .kubernetesDiagnosis,
      resources: [TargetResource(kind: "pod", name: "web-1")]),

    // Imperative change verbs are refused with commands.
    ClassifierCase(
      request: "restart the payment-service deployment in production", intent: .change,
      route: .refuseChange,
      commands: ["kubectl rollout restart deployment/payment-service -n production"],
      rule: "change-verbs", namespace: "production",
      resources: [TargetResource(kind: "deployment", name: "payment-service")]),
    ClassifierCase(
      request: "RESTART the Payment-Service Deployment in PRODUCTION!!!", intent: .change,
      route: .refuseChange,
      commands: ["kubectl rollout restart deployment/payment-service -n production"],
      namespace: "production"),
    ClassifierCase(
      request: "scale deployment web to 5 in staging", intent: .change, route: .refuseChange,
      commands: ["kubectl scale deployment/web --replicas=5 -n staging"], namespace: "staging"),
    ClassifierCase(
      request: "delete pod api-7d9f -n payments", intent: .delete, route: .refuseChange,
      commands: ["kubectl delete pod api-7d9f -n payments"], namespace: "payments"),
    ClassifierCase(
      request: "diagnose and restart the checkout deployment", intent: .change,
      route: .refuseChange,
      commands: ["kubectl rollout restart deployment/checkout -n <NAMESPACE>"],
      rule: "diagnosis-deferred"),
    ClassifierCase(
      request: "label pod web-1 team=payments", intent: .change, route: .refuseChange,
      commands: ["kubectl label pod web-1 team=payments -n <NAMESPACE>"]),
    ClassifierCase(
      request: "please cordon node worker-2", intent: .change, route: .refuseChange,
      commands: ["kubectl cordon worker-2"]),
    ClassifierCase(
      request: "drain node ip-10-0-1-5.ec2.internal.", intent: .change, route: .refuseChange,
      commands: [
        "kubectl drain ip-10-0-1-5.ec2.internal --ignore-daemonsets --delete-emptydir-data"
      ]
    ),
    ClassifierCase(
      request: "exec into pod web-1 in staging", intent: .change, route: .refuseChange,
      commands: ["kubectl exec -it web-1 -n staging -- <COMMAND>"]),
    ClassifierCase(
      request: "set image deployment/web web=nginx:1.27 in production", intent: .change,
      route: .refuseChange,
      commands: ["kubectl set image deployment/web web=nginx:1.27 -n production"]),
    ClassifierCase(
      request: "apply manifests/app.yaml to production", intent: .change, route: .refuseChange,
      commands: ["kubectl apply -f manifests/app.yaml -n production"]),
    ClassifierCase(
      request: "roll back the checkout deployment in prod", intent: .deploy, route: .refuseChange,
      commands: ["kubectl rollout undo deployment/checkout -n prod"]),
    ClassifierCase(
      request: "helm install redis in dev", intent: .deploy, route: .refuseChange,
      commands: ["helm upgrade --install redis <CHART> -n dev"]),
    ClassifierCase(
      request: "get rid of the failed pods in dev", intent: .delete, route: .refuseChange,
      commands: ["kubectl delete pod <NAME> -n dev"]),
    ClassifierCase(
      request: "Can you fix it for me?", intent: .change, route: .refuseChange,
      commands: ["kubectl apply -f <FIXED_MANIFEST> -n <NAMESPACE>"]),
    ClassifierCase(
      request: "restart it", intent: .change, route: .refuseChange,
      commands: ["kubectl rollout restart deployment/<NAME> -n <NAMESPACE>"]),

    // Questions about a change are still never executed: advice.
    ClassifierCase(
      request: "How do I scale payment-service to 3 replicas?", intent: .change,
      route: .refuseChange,
      commands: ["kubectl scale deployment/payment-service --replicas=3 -n <NAMESPACE>"],
      rule: "change-question"),
    ClassifierCase(
      request: "Is it safe to delete the evicted pods in production?", intent: .delete,
      route: .refuseChange, commands: ["kubectl delete pod <NAME> -n production"],
      rule: "change-question"),
    ClassifierCase(
      request: "pods are failing. Should I restart them?", intent: .change, route: .refuseChange,
      commands: ["kubectl rollout restart deployment/<NAME> -n <NAMESPACE>"],
      rule: "change-question"),

    // kubectl command lines pasted as a request go through the verb policy.
    ClassifierCase(
      request: "kubectl delete pod x", intent: .delete, route: .refuseChange,
      commands: ["kubectl delete pod x"], rule: "pasted-kubectl"),
    ClassifierCase(
      request: "`kubectl exec -it web-1 -- sh`", intent: .change, route: .refuseChange,
      commands: ["kubectl exec -it web-1 -- sh"], rule: "pasted-kubectl"),
    ClassifierCase(
      request: "kubectl get pods -A", intent: .query, route: .kubernetesQuery,
      rule: "pasted-kubectl", allNamespaces: true),
    ClassifierCase(
      request: "kubectl get secrets -n prod", intent: .query, route: .unsupported,
      rule: "pasted-kubectl", namespace: "prod"),
    ClassifierCase(
      request: "don't run kubectl delete, just show me the pods in production", intent: .query,
      route: .kubernetesQuery, namespace: "production"),

    ClassifierCase(
      request: "the deployment could use a restart", intent: .change, route: .refuseChange,
      commands: ["kubectl rollout restart deployment/<NAME> -n <NAMESPACE>"]),
    ClassifierCase(
      request: "KUBECTL DELETE POD X", intent: .delete, route: .refuseChange,
      commands: ["kubectl delete pod x -n <NAMESPACE>"]),
    ClassifierCase(
      request: "remove the finalizer from namespace stuck-ns", intent: .change,
      route: .refuseChange, commands: ["kubectl edit namespace stuck-ns"]),
    ClassifierCase(
      request: "what would kubectl delete pod x do?", intent: .delete, route: .refuseChange,
      commands: ["kubectl delete pod x"], rule: "pasted-kubectl"),
    ClassifierCase(
      request: "delete namespace old-stuff", intent: .delete, route: .refuseChange,
      commands: ["kubectl delete namespace old-stuff"]),

    // Queries.
    ClassifierCase(
      request: "list pods in all namespaces", intent: .query, route: .kubernetesQuery,
      rule: "query-words", allNamespaces: true),
    ClassifierCase(
      request: "how many pods are running in kube-system?", intent: .query,
      route: .kubernetesQuery, namespace: "kube-system"),
    ClassifierCase(
      request: "show pods with label app=web in dev", intent: .query, route: .kubernetesQuery,
      rule: "change-word-mentioned", namespace: "dev"),
    ClassifierCase(
      request: "check the status of deployment api in namespace payments", intent: .query,
      route: .kubernetesQuery, namespace: "payments",
      resources: [TargetResource(kind: "deployment", name: "api")]),
    ClassifierCase(
      request: "is the cluster healthy?", intent: .diagnosis, route: .kubernetesDiagnosis),
    ClassifierCase(
      request: "check the rollout status of deployment web", intent: .query,
      route: .kubernetesQuery, resources: [TargetResource(kind: "deployment", name: "web")]),
    ClassifierCase(
      request: "pods in production", intent: .query, route: .kubernetesQuery,
      rule: "capability-only", namespace: "production"),
    ClassifierCase(
      request: "show deployments across the cluster", intent: .query, route: .kubernetesQuery,
      allNamespaces: true),

    // Log files.
    ClassifierCase(
      request: "tail /var/log/syslog", intent: .query, route: .logReader,
      rule: "logfile-capability"),
    ClassifierCase(
      request: "why is /var/log/nginx/error.log full of 502 errors?", intent: .diagnosis,
      route: .logReader),

    // Nothing to do.
    ClassifierCase(
      request: "what's the weather in Paris?", intent: .unknown, route: .unsupported,
      rule: "nothing-matched"),
    ClassifierCase(
      request: "hello", intent: .unknown, route: .unsupported, rule: "nothing-matched"),
  ]

  @Test("each request gets its intent, route, risk, targets and advice", arguments: cases)
  func classifies(_ example: ClassifierCase) throws {
    let result = classifier.classify(example.request)
    #expect(result.intent == example.intent)
    #expect(result.route == example.route)
    #expect(result.risk == (example.route == .refuseChange ? .red : .green))
    if let commands = example.commands {
      #expect(result.changeAdvice?.commands == commands)
    }
    if let rule = example.rule {
      #expect(result.evidence(for: rule) != nil, "no \(rule) in \(result.evidence.map(\.rule))")
    }
    if let namespace = example.namespace {
      #expect(result.targets.namespace == namespace)
    }
    #expect(result.targets.allNamespaces == example.allNamespaces)
    if let resources = example.resources {
      #expect(result.targets.resources == resources)
    }
  }

  @Test("an order wins over diagnosis words, and the reason says the diagnosis can be asked alone")
  func changeWinsOverDiagnosis() throws {
    let result = classifier.classify("diagnose and restart it")
    #expect(result.intent == .change)
    #expect(result.route == .refuseChange)
    #expect(result.evidence(for: "diagnosis-deferred")?.matched == ["diagnose"])
    let advice = try #require(result.changeAdvice)
    #expect(advice.reason.contains("ask for the diagnosis on its own"))
    #expect(advice.reason.contains("never runs restart"))
  }

  @Test("a symptom word wins over the change verb it contains")
  func symptomBeatsVerb() {
    for request in [
      "why does my pod keep restarting?", "the deployment won't scale", "pods restarted twice",
      "the node does not drain", "why was the pod deleted?",
    ] {
      let result = classifier.classify(request)
      #expect(result.intent == .diagnosis, "\(request)")
      #expect(result.changeAdvice == nil, "\(request)")
    }
  }

  @Test("every change request carries advice and is never routed to anything that reads")
  func changesCarryAdvice() throws {
    for example in Self.cases {
      let result = classifier.classify(example.request)
      let isChange = [Intent.change, .delete, .deploy].contains(result.intent)
      #expect(isChange == (result.route == .refuseChange), "\(example.request)")
      #expect((result.changeAdvice != nil) == isChange, "\(example.request)")
      guard let advice = result.changeAdvice else { continue }
      #expect(advice.reason.contains("read-only by design"))
      #expect(!advice.commands.isEmpty, "\(example.request)")
    }
  }

  @Test("advice names the target or a placeholder, and never leaves a namespace flag empty")
  func adviceNamesItsTarget() throws {
    for example in Self.cases {
      let result = classifier.classify(example.request)
      for command in result.changeAdvice?.commands ?? [] {
        let words = command.split(separator: " ", omittingEmptySubsequences: false)
        #expect(!words.contains(""), "double or trailing space in \(command)")
        if let flag = words.firstIndex(where: { $0 == "-n" || $0 == "--namespace" }) {
          #expect(flag + 1 < words.count, "-n without a value in \(command)")
          if flag + 1 < words.count { #expect(!words[flag + 1].hasPrefix("-"), "\(command)") }
        }
        let namesSomething =
          result.targets.resources.contains { command.contains($0.name) }
          || command.contains("<") || example.request.hasPrefix("kubectl")
          || example.request.hasPrefix("`kubectl")
          || command.split(separator: " ").contains { word in
            example.request.lowercased().contains(word.lowercased()) && word.count > 3
              && !["kubectl", "rollout", "restart", "delete", "scale", "apply", "drain"].contains(
                String(word))
          }
        #expect(namesSomething, "\(command) names no target")
      }
    }
  }

  @Test("evidence words come from the request, in request order within each rule")
  func evidenceInRequestOrder() {
    let letters = { (text: String) in
      String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
    }
    for example in Self.cases {
      let result = classifier.classify(example.request)
      let request = letters(example.request)
      for evidence in result.evidence {
        var last = request.startIndex
        for word in evidence.matched.map(letters) {
          let found = request.range(of: word, range: last..<request.endIndex)
          #expect(found != nil, "\(evidence.rule): \(word) not in order in \(example.request)")
          if let found { last = found.lowerBound }
        }
      }
    }
  }
}
