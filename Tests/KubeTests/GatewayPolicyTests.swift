import Testing

@testable import Kube

/// One row of the policy table: a request and what the gateway must do with it.
struct PolicyCase: Sendable, CustomTestStringConvertible {
  enum Expected: Sendable, Equatable {
    /// Forwarded, upstream target exactly this.
    case forward(String)
    case refuse(RefusalRule)
  }

  let method: String
  let target: String
  let headers: [String]
  let hasBody: Bool
  let expected: Expected

  init(
    _ method: String, _ target: String, _ expected: Expected, headers: [String] = [],
    hasBody: Bool = false
  ) {
    self.method = method
    self.target = target
    self.headers = headers
    self.hasBody = hasBody
    self.expected = expected
  }

  var testDescription: String { "\(method) \(target)" }
}

private func allow(_ target: String) -> PolicyCase {
  PolicyCase("GET", target, .forward(target))
}

private func refuse(_ target: String, _ rule: RefusalRule, method: String = "GET") -> PolicyCase {
  PolicyCase(method, target, .refuse(rule))
}

private let readCases: [PolicyCase] = [
  // discovery, schema, health
  allow("/version"), allow("/api"), allow("/api/v1"), allow("/apis"), allow("/apis/apps"),
  allow("/apis/apps/v1"), allow("/apis/metrics.k8s.io/v1beta1"), allow("/openapi/v2"),
  allow("/openapi/v3"), allow("/openapi/v3/apis/apps/v1?hash=ABC123"), allow("/healthz"),
  allow("/readyz?verbose"), allow("/livez"), allow("/readyz/etcd"),
  // core reads as kubectl sends them
  allow("/api/v1/namespaces/default/pods?limit=500"),
  allow("/api/v1/pods?limit=500"),
  allow("/api/v1/namespaces/default/pods?labelSelector=app%3Dweb%2Ctier+in+(a%2Cb)"),
  allow("/api/v1/namespaces/default/pods/web-1"),
  allow("/api/v1/namespaces/default/pods/web-1/log?container=app&previous=true&tailLines=50"),
  allow("/api/v1/namespaces/default/pods/web-1/status"),
  allow("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb-1"),
  allow("/api/v1/events?limit=500"),
  allow("/api/v1/nodes"), allow("/api/v1/nodes/ip-10-0-1-2.ec2.internal"),
  allow("/api/v1/namespaces"), allow("/api/v1/namespaces/kube-system"),
  allow("/api/v1/namespaces/kube-system/status"),
  allow("/api/v1/namespaces/default/services/web"), allow("/api/v1/namespaces/default/endpoints"),
  allow("/api/v1/namespaces/default/persistentvolumeclaims/data-0"),
  allow("/api/v1/persistentvolumes/pv-1"), allow("/api/v1/namespaces/default/resourcequotas"),
  allow("/api/v1/namespaces/default/limitranges"),
  allow("/api/v1/namespaces/default/replicationcontrollers"),
  // a namespace or a pod may be called "secrets": it is the resource that counts
  allow("/api/v1/namespaces/secrets/pods"), allow("/api/v1/namespaces/default/pods/secrets"),
  // other groups
  allow("/apis/apps/v1/namespaces/default/deployments/web"),
  allow("/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dweb"),
  allow("/apis/apps/v1/statefulsets"), allow("/apis/apps/v1/namespaces/x/daemonsets/d/status"),
  allow("/apis/batch/v1/namespaces/default/jobs"), allow("/apis/batch/v1/cronjobs"),
  allow("/apis/events.k8s.io/v1/namespaces/default/events"),
  allow("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers"),
  allow("/apis/networking.k8s.io/v1/namespaces/default/ingresses"),
  allow("/apis/networking.k8s.io/v1/networkpolicies"),
  allow("/apis/policy/v1/namespaces/default/poddisruptionbudgets"),
  allow("/apis/storage.k8s.io/v1/storageclasses/gp3"),
  allow("/apis/discovery.k8s.io/v1/namespaces/default/endpointslices"),
  allow("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods"),
  allow("/apis/metrics.k8s.io/v1beta1/nodes/n1"),
  // watch and follow are GETs
  allow("/api/v1/namespaces/default/pods?watch=true&resourceVersion=123&timeoutSeconds=300"),
  allow("/api/v1/namespaces/default/pods/web-1/log?follow=true"),
  // an RBAC-style name
  allow("/api/v1/namespaces/default/pods/system:node:x"),
]

private let refusedCases: [PolicyCase] = [
  // methods
  refuse("/api/v1/namespaces/default/pods/x", .method, method: "DELETE"),
  refuse("/api/v1/namespaces/default/pods", .method, method: "POST"),
  refuse("/apis/apps/v1/namespaces/default/deployments/web", .method, method: "PATCH"),
  refuse("/apis/apps/v1/namespaces/default/deployments/web/scale", .method, method: "PUT"),
  refuse("/api/v1/pods", .method, method: "HEAD"),
  refuse("/api/v1/pods", .method, method: "OPTIONS"),
  refuse("/api/v1/pods", .method, method: "get"),
  refuse("/api/v1/namespaces/default/pods/x/exec", .method, method: "POST"),
  refuse("/apis/authentication.k8s.io/v1/tokenreviews", .method, method: "POST"),
  // secrets, every spelling
  refuse("/api/v1/secrets", .secrets),
  refuse("/api/v1/namespaces/default/secrets", .secrets),
  refuse("/api/v1/namespaces/default/secrets/db-password", .secrets),
  refuse("/api/v1/namespaces/default/secrets?watch=true", .secrets),
  refuse("/apis/example.com/v1/namespaces/default/secrets", .secrets),
  refuse("/api/v1/namespaces/x/pods/../secrets", .malformedPath),
  refuse("/api/v1/namespaces/x/pods/%2E%2E/secrets", .malformedPath),
  refuse("/api/v1/namespaces/x/secrets%2F..", .malformedPath),
  refuse("/api/v1/namespaces/x/pods%2F..%2Fsecrets", .malformedPath),
  refuse("/api/v1/namespaces/x/%73ecrets", .secrets),
  refuse("/api/v1/namespaces/x/%2573ecrets", .malformedPath),
  refuse("/api//v1/secrets", .malformedPath),
  refuse("/api/v1/./secrets", .malformedPath),
  refuse("/api/v1/secrets/", .malformedPath),
  refuse("//api/v1/secrets", .malformedPath),
  refuse("/API/v1/secrets", .notOnAllowList),
  refuse("/api/v1/Secrets", .notOnAllowList),
  refuse("/api/v1/namespaces/x/secrets\\..", .malformedPath),
  refuse("/api/v1/namespaces/x/secrets%", .malformedPath),
  refuse("/api/v1/namespaces/x/secrets%zz", .malformedPath),
  refuse("/api/v1/namespaces/x/secrets%00", .malformedPath),
  refuse("api/v1/secrets", .malformedPath),
  refuse("http://cluster/api/v1/secrets", .malformedPath),
  // tokens, container streams, proxies, reviews
  refuse("/api/v1/namespaces/default/serviceaccounts/default/token", .serviceAccountToken),
  refuse("/api/v1/namespaces/x/pods/p/exec?command=sh&stdin=true", .containerStream),
  refuse("/api/v1/namespaces/x/pods/p/exec", .containerStream),
  refuse("/api/v1/namespaces/x/pods/p/attach", .containerStream),
  refuse("/api/v1/namespaces/x/pods/p/portforward", .containerStream),
  refuse("/api/v1/namespaces/x/pods/p/proxy", .proxy),
  refuse("/api/v1/namespaces/x/pods/p:8080/proxy/metrics", .proxy),
  refuse("/api/v1/namespaces/x/services/s:80/proxy/admin", .proxy),
  refuse("/api/v1/nodes/n1/proxy/configz", .proxy),
  refuse("/api/v1/proxy/namespaces/x/services/s", .proxy),
  refuse("/apis/authentication.k8s.io/v1/tokenreviews", .accessReview),
  refuse("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", .accessReview),
  refuse("/apis/authorization.k8s.io/v1/subjectaccessreviews", .accessReview),
  // configmaps are off unless a policy opts in
  refuse("/api/v1/namespaces/default/configmaps", .configMaps),
  refuse("/api/v1/configmaps", .configMaps),
  // off the allow-list
  refuse("/", .notOnAllowList),
  refuse("/metrics", .notOnAllowList),
  refuse("/logs/kube-apiserver.log", .notOnAllowList),
  refuse("/debug/pprof/heap", .notOnAllowList),
  refuse("/api/v2", .notOnAllowList),
  refuse("/api/v1/serviceaccounts", .notOnAllowList),
  refuse("/api/v1/namespaces/x/serviceaccounts/default", .notOnAllowList),
  refuse("/apis/rbac.authorization.k8s.io/v1/clusterroles", .notOnAllowList),
  refuse("/apis/apps/notaversion/deployments", .notOnAllowList),
  refuse("/api/v1/watch/namespaces/x/pods", .notOnAllowList),
  refuse("/api/v1/pods/p", .notOnAllowList),
  refuse("/api/v1/namespaces/x/nodes", .notOnAllowList),
  refuse("/api/v1/namespaces/x/pods/p/ephemeralcontainers", .notOnAllowList),
  refuse("/api/v1/namespaces/x/pods/p/log/extra", .notOnAllowList),
  refuse("/api/v1/namespaces/x/finalize", .notOnAllowList),
  refuse("/apis/apps/v1/namespaces/x/deployments/web/scale", .notOnAllowList),
  refuse("/openapi/v2/extra", .notOnAllowList),
  refuse("/openapi", .notOnAllowList),
  refuse("/version/extra", .notOnAllowList),
  // query tricks
  refuse("/api/v1/namespaces/x/pods/p/log?insecureSkipTLSVerifyBackend=true", .queryParameter),
  refuse("/api/v1/namespaces/x/pods?dryRun=All", .queryParameter),
  refuse("/api/v1/namespaces/x/pods?command=sh", .queryParameter),
  refuse("/api/v1/namespaces/x/pods?limit=1;watch=true", .malformedQuery),
  refuse("/api/v1/namespaces/x/pods?limit=%zz", .malformedQuery),
]

private let headerCases: [PolicyCase] = [
  PolicyCase(
    "GET", "/api/v1/namespaces/x/pods/p/exec", .refuse(.upgrade),
    headers: ["Upgrade", "Connection"]),
  PolicyCase("GET", "/api/v1/pods", .refuse(.upgrade), headers: ["upgrade"]),
  PolicyCase("GET", "/api/v1/pods", .refuse(.impersonation), headers: ["Impersonate-User"]),
  PolicyCase(
    "GET", "/api/v1/pods", .refuse(.impersonation), headers: ["impersonate-extra-scopes"]),
  PolicyCase("GET", "/api/v1/pods", .refuse(.body), hasBody: true),
  PolicyCase(
    "GET", "/api/v1/pods", .forward("/api/v1/pods"),
    headers: ["Accept", "User-Agent", "Authorization"]),
]

@Suite("Gateway policy")
struct GatewayPolicyTests {
  @Test(
    "the policy forwards the read allow-list and refuses everything else by rule",
    arguments: readCases + refusedCases + headerCases)
  func decides(_ row: PolicyCase) {
    let decision = GatewayPolicy().decide(
      GatewayRequest(
        method: row.method, target: row.target, headerNames: row.headers, hasBody: row.hasBody))
    switch (decision, row.expected) {
    case (.allow(let read), .forward(let target)):
      #expect(read.target == target)
    case (.refuse(let refusal), .refuse(let rule)):
      #expect(refusal.rule == rule, "\(refusal.message)")
      #expect(refusal.message.hasPrefix("meta-agent gateway: "))
    default:
      Issue.record("expected \(row.expected), got \(decision)")
    }
  }

  @Test("the table is big enough to be a specification")
  func tableSize() {
    #expect(readCases.count + refusedCases.count + headerCases.count >= 60)
  }

  @Test("a refused method names the method and says the gateway is read-only")
  func methodMessage() {
    let decision = GatewayPolicy().decide(
      GatewayRequest(method: "DELETE", target: "/api/v1/namespaces/default/pods/x"))
    guard case .refuse(let refusal) = decision else {
      Issue.record("DELETE was allowed")
      return
    }
    #expect(refusal.message == "meta-agent gateway: DELETE is refused: the gateway is read-only")
    #expect(refusal.code == 403)
    #expect(refusal.reason == "Forbidden")
  }

  @Test("configmaps are readable only when the policy opts in")
  func configMapsOptIn() {
    let request = GatewayRequest(method: "GET", target: "/api/v1/namespaces/default/configmaps")
    #expect(
      GatewayPolicy(allowsConfigMaps: true).decide(request) != GatewayPolicy().decide(request))
    guard case .allow = GatewayPolicy(allowsConfigMaps: true).decide(request) else {
      Issue.record("configmaps refused despite opting in")
      return
    }
  }

  @Test("watch and follow are streams; a watch=false list is not")
  func streams() throws {
    func read(_ target: String) throws -> AllowedRead {
      guard
        case .allow(let read) = GatewayPolicy().decide(
          GatewayRequest(method: "GET", target: target))
      else { throw PolicyTestError.refused(target) }
      return read
    }
    #expect(try read("/api/v1/pods?watch=true").isStream)
    #expect(try read("/api/v1/pods?watch=1").isStream)
    #expect(try read("/api/v1/namespaces/x/pods/p/log?follow=true").isStream)
    #expect(try !read("/api/v1/pods?watch=false").isStream)
    #expect(try !read("/api/v1/pods").isStream)
  }

  @Test("percent-encoded letters are decoded before the check and forwarded decoded")
  func forwardsNormalizedPath() {
    let decision = GatewayPolicy().decide(
      GatewayRequest(method: "GET", target: "/api/v1/namespaces/default/%70ods"))
    #expect(
      decision
        == .allow(
          AllowedRead(path: try! GatewayPath(raw: "/api/v1/namespaces/default/pods"), query: nil)))
  }

  @Test("a refusal echoes caller text only printable and short")
  func echoIsBounded() {
    let long = "/" + String(repeating: "a", count: 1000) + "\u{1B}[31m"
    guard
      case .refuse(let refusal) = GatewayPolicy().decide(
        GatewayRequest(method: "GET", target: long))
    else {
      Issue.record("allowed")
      return
    }
    #expect(refusal.message.count < 400)
    #expect(!refusal.message.contains("\u{1B}"))
  }

  @Test("versions are recognised the way Kubernetes spells them")
  func versions() {
    for good in ["v1", "v2", "v1beta1", "v2alpha3", "v10"] {
      #expect(GatewayPolicy.isVersion(good))
    }
    for bad in ["1", "v", "V1", "v1beta", "v1gamma1", "v1beta1x", "vbeta1"] {
      #expect(!GatewayPolicy.isVersion(bad), "\(bad)")
    }
  }
}

enum PolicyTestError: Error {
  case refused(String)
}
