import Foundation
import Testing

@testable import Kube

@Test("no kubeconfig anywhere: says where it looked and what to run")
func missingKubeconfig() async throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  let status = await CredentialBroker(environment: home.environment()).check(kind: .kubernetes)
  guard case .needed(let remedy) = status else {
    Issue.record("expected needed, got \(status)")
    return
  }
  #expect(
    remedy.problem == .noKubeconfig(searched: ["\(home.path)/.kube/config"], fromEnvironment: false)
  )
  #expect(
    remedy.steps.map(\.command).contains(
      "aws eks update-kubeconfig --name <cluster> --region <region>"))
  #expect(remedy.description.contains("\(home.path)/.kube/config"))
}

@Test("a KUBECONFIG list is merged as kubectl merges it: first current-context and first name win")
func kubeconfigListMerging() throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  let first = try home.write(
    "a.yaml",
    """
    clusters:
    - name: shared
      cluster: {server: "https://first:6443"}
    contexts:
    - name: one
      context: {cluster: shared, user: u1}
    users:
    - name: u1
      user: {token: \(Planted.token)}
    """)
  let second = try home.write(
    "b.yaml",
    """
    current-context: two
    clusters:
    - name: shared
      cluster: {server: "https://second:6443"}
    - name: other
      cluster: {server: "https://other:6443"}
    contexts:
    - name: two
      context: {cluster: other, user: u2}
    users:
    - name: u2
      user: {exec: {command: aws, args: [eks, get-token, --cluster-name, x]}}
    """)
  let third = try home.write("c.yaml", "current-context: three\n")
  let locator = KubeconfigLocator(
    environment: home.environment([
      "KUBECONFIG": "\(home.path)/missing.yaml::\(first):\(second):\(third):\(first)"
    ]))
  #expect(locator.candidatePaths == ["\(home.path)/missing.yaml", first, second, third])
  let config = try locator.load()
  #expect(config.files == [first, second, third])
  #expect(config.currentContext == "two")
  #expect(config.clusters["shared"]?.server == "https://first:6443")
  #expect(config.contextNames == ["one", "two"])
  let target = try KubeTarget.resolve(in: config, requested: nil)
  #expect(target.server == "https://other:6443")
  #expect(target.authentication.summary.contains("aws eks get-token"))
}

@Test("without KUBECONFIG, ~/.kube/config under the given HOME is read")
func defaultLocation() throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  try home.write(".kube/config", kubeconfig(server: "https://a:6443"))
  let locator = KubeconfigLocator(environment: home.environment(["KUBECONFIG": ""]))
  #expect(try locator.load().currentContext == "dev")
}

@Test("context problems are found before kubectl runs, each with its own remedy")
func contextProblems() throws {
  let noCurrent = try Kubeconfig.parse(
    yaml: kubeconfig(server: "https://a:6443", currentContext: nil), path: "k")
  #expect(throws: CredentialProblem.noCurrentContext(available: ["dev"])) {
    try KubeTarget.resolve(in: noCurrent, requested: nil)
  }
  #expect(throws: CredentialProblem.contextNotFound(name: "prod", available: ["dev"])) {
    try KubeTarget.resolve(in: noCurrent, requested: "prod")
  }
  let noServer = try Kubeconfig.parse(yaml: kubeconfig(server: nil), path: "k")
  #expect(throws: CredentialProblem.clusterWithoutServer(cluster: "dev-cluster")) {
    try KubeTarget.resolve(in: noServer, requested: nil)
  }
  let missingCluster = try Kubeconfig.parse(
    yaml: """
      current-context: dev
      contexts:
      - name: dev
        context: {cluster: gone, user: dev-user}
      """, path: "k")
  #expect(throws: CredentialProblem.clusterNotFound(context: "dev", cluster: "gone")) {
    try KubeTarget.resolve(in: missingCluster, requested: nil)
  }
  let missingUser = try Kubeconfig.parse(
    yaml: """
      current-context: dev
      clusters:
      - name: c
        cluster: {server: "https://a:6443"}
      contexts:
      - name: dev
        context: {cluster: c, user: nobody}
      """, path: "k")
  #expect(throws: CredentialProblem.userNotFound(context: "dev", user: "nobody")) {
    try KubeTarget.resolve(in: missingUser, requested: nil)
  }
  let remedy = KubernetesRemedies.remedy(for: .noCurrentContext(available: ["dev"]), target: nil)
  #expect(remedy.steps.map(\.command).contains("kubectl config use-context dev"))
  #expect(remedy.steps.map(\.command).contains("kubectl config get-contexts"))
}

@Test("an invalid kubeconfig names the file and never quotes its content")
func invalidKubeconfig() throws {
  let yaml = "users: [\(Planted.token)\n  - {{{"
  #expect {
    try Kubeconfig.parse(yaml: yaml, path: "/k/config")
  } throws: { error in
    guard case .invalidKubeconfig(let path, let reason) = error as? CredentialProblem else {
      return false
    }
    return path == "/k/config" && !reason.contains(Planted.token)
  }
}

@Test("EKS clusters are recognized by the exec plugin, an ARN name or the server host")
func eksDetection() {
  let plugin = KubeExecPlugin(
    command: "aws",
    args: ["--region", "us-west-2", "eks", "get-token", "--cluster-name", "prod-eks"],
    awsProfile: "ops")
  let fromPlugin = EKSClusterReference.detect(
    KubeTarget(
      contextName: "prod", clusterName: "prod", server: "https://x", userName: "u",
      authentication: .exec(plugin)))
  #expect(
    fromPlugin?.updateKubeconfigCommand
      == "aws eks update-kubeconfig --name prod-eks --region us-west-2 --profile ops")
  let fromARN = EKSClusterReference.detect(
    KubeTarget(
      contextName: "arn:aws:eks:eu-central-1:123456789012:cluster/shop", clusterName: "c",
      server: "https://x", userName: "u", authentication: .token))
  #expect(fromARN == EKSClusterReference(name: "shop", region: "eu-central-1", profile: nil))
  let fromHost = EKSClusterReference.detect(
    KubeTarget(
      contextName: "c", clusterName: "c",
      server: "https://0123456789ABCDEF0123456789ABCDEF.gr7.ap-south-1.eks.amazonaws.com",
      userName: "u", authentication: .token))
  #expect(
    fromHost?.updateKubeconfigCommand
      == "aws eks update-kubeconfig --name <cluster> --region ap-south-1")
  let plain = EKSClusterReference.detect(
    KubeTarget(
      contextName: "kind-dev", clusterName: "kind-dev", server: "https://127.0.0.1:6443",
      userName: "u", authentication: .clientCertificate))
  #expect(plain == nil)
}

@Test("error text that looks like a credential is masked")
func redaction() {
  let line =
    "failed: Authorization: Bearer abc.def token=xyz k8s-aws-v1.aHR0cHM6Ly9zdHM "
    + "eyJhbGciOiJSUzI1NiJ9.payload \(Planted.clientKey) at https://host.example.com:6443/version"
  let redacted = SecretRedactor.redact(line)
  for secret in ["abc.def", "xyz", "k8s-aws-v1", "eyJ", Planted.clientKey] {
    #expect(!redacted.contains(secret))
  }
  #expect(redacted.contains("https://host.example.com:6443/version"))
}
