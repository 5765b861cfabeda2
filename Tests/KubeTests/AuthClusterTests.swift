import Foundation
import Testing

@testable import Kube

/// Runs the real kubectl against a kubeconfig written into a temporary HOME.
private func check(_ config: String, context: String? = nil) async throws -> CredentialStatus {
  let home = try TemporaryHome()
  defer { home.remove() }
  let path = try home.write("kubeconfig", config)
  let broker = CredentialBroker(environment: home.environment(["KUBECONFIG": path]))
  return await broker.check(kind: .kubernetes, context: context)
}

private func expectNoPlantedSecret(_ status: CredentialStatus) {
  let text = allText(status)
  for secret in Planted.all { #expect(!text.contains(secret)) }
}

@Test("a server that answers /version makes the context ready", .timeLimit(.minutes(1)))
func readyAgainstAServer() async throws {
  let server = try await StubAPIServer(status: .ok, body: StubAPIServer.versionBody)
  defer { Task { await server.stop() } }
  let status = try await check(kubeconfig(server: server.url))
  guard case .ready(let details) = status else {
    Issue.record("expected ready, got \(status)")
    return
  }
  #expect(details.summary.contains("context dev"))
  #expect(details.summary.contains("v1.32.4"))
  #expect(details.summary.contains(server.url))
  expectNoPlantedSecret(status)
}

@Test("--context picks another context than the current one", .timeLimit(.minutes(1)))
func explicitContext() async throws {
  let server = try await StubAPIServer(status: .ok, body: StubAPIServer.versionBody)
  defer { Task { await server.stop() } }
  let config = kubeconfig(context: "staging", server: server.url, currentContext: "gone")
  #expect(try await check(config, context: "staging").isReady)
  let status = try await check(config)
  #expect(
    status
      == .needed(
        KubernetesRemedies.remedy(
          for: .contextNotFound(name: "gone", available: ["staging"]), target: nil)))
}

@Test("a closed port fails fast as unreachable", .timeLimit(.minutes(1)))
func unreachableServer() async throws {
  let port = try await StubAPIServer.closedPort()
  let started = ContinuousClock.now
  let status = try await check(kubeconfig(server: "http://127.0.0.1:\(port)"))
  #expect(ContinuousClock.now - started < .seconds(30), "a bound for a hang, not a speed claim")
  guard case .needed(let remedy) = status, case .serverUnreachable(let server, _) = remedy.problem
  else {
    Issue.record("expected unreachable, got \(status)")
    return
  }
  #expect(server == "http://127.0.0.1:\(port)")
  #expect(remedy.steps.first?.command == "kubectl --context dev cluster-info")
  expectNoPlantedSecret(status)
}

@Test("a 401 answer asks for fresh credentials and shows none", .timeLimit(.minutes(1)))
func unauthorized() async throws {
  let server = try await StubAPIServer(
    status: .unauthorized,
    body:
      #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"#
  )
  defer { Task { await server.stop() } }
  let status = try await check(kubeconfig(server: server.url))
  guard case .needed(let remedy) = status, case .unauthorized = remedy.problem else {
    Issue.record("expected unauthorized, got \(status)")
    return
  }
  #expect(
    remedy.steps.map(\.command).contains(
      "kubectl config set-credentials dev-user --token=<new-token>"))
  expectNoPlantedSecret(status)
}

@Test(
  "basic auth and client keys never reach a message, whatever kubectl says",
  .timeLimit(.minutes(1)),
  arguments: [PlantedUser.basic, PlantedUser.clientCertificate])
func otherMethodsStaySecret(user: String) async throws {
  let server = try await StubAPIServer(status: .unauthorized, body: "{}")
  defer { Task { await server.stop() } }
  let status = try await check(kubeconfig(server: "https://127.0.0.1:\(server.port)", user: user))
  #expect(!status.isReady)
  expectNoPlantedSecret(status)
}

@Test("a 403 answer says the user lacks rights", .timeLimit(.minutes(1)))
func forbidden() async throws {
  let server = try await StubAPIServer(
    status: .forbidden,
    body:
      #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"forbidden","reason":"Forbidden","code":403}"#
  )
  defer { Task { await server.stop() } }
  let status = try await check(kubeconfig(server: server.url))
  guard case .needed(let remedy) = status, case .forbidden = remedy.problem else {
    Issue.record("expected forbidden, got \(status)")
    return
  }
  #expect(remedy.steps.first?.command == "kubectl --context dev auth can-i --list")
}

@Test("https to a plain HTTP server is a TLS failure", .timeLimit(.minutes(1)))
func tlsFailure() async throws {
  let server = try await StubAPIServer(status: .ok, body: StubAPIServer.versionBody)
  defer { Task { await server.stop() } }
  let status = try await check(kubeconfig(server: "https://127.0.0.1:\(server.port)"))
  guard case .needed(let remedy) = status, case .tls = remedy.problem else {
    Issue.record("expected a TLS failure, got \(status)")
    return
  }
  expectNoPlantedSecret(status)
}

@Test(
  "an EKS kubeconfig whose aws CLI is missing names update-kubeconfig for that cluster",
  .timeLimit(.minutes(1)))
func eksWithoutAWSCLI() async throws {
  let port = try await StubAPIServer.closedPort()
  let arn = "arn:aws:eks:us-west-2:123456789012:cluster/prod-eks"
  let config = kubeconfig(
    context: arn, cluster: arn, server: "https://127.0.0.1:\(port)",
    user: """
          exec:
            apiVersion: client.authentication.k8s.io/v1beta1
            command: aws
            args: [--region, us-west-2, eks, get-token, --cluster-name, prod-eks, --output, json]
      """,
    currentContext: arn)
  let status = try await check(config)
  guard case .needed(let remedy) = status else {
    Issue.record("expected needed, got \(status)")
    return
  }
  #expect(remedy.problem == .execPluginMissing(command: "aws"))
  let commands = remedy.steps.map(\.command)
  #expect(commands.contains("aws eks update-kubeconfig --name prod-eks --region us-west-2"))
  #expect(commands.contains(KubernetesRemedies.installAWSCLI.command))
  #expect(remedy.description.contains("`aws`, which is not installed"))
}

@Test("a missing kubectl is its own remedy")
func missingKubectl() async throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  let path = try home.write("kubeconfig", kubeconfig(server: "https://a:6443"))
  let broker = CredentialBroker(
    environment: home.environment(["KUBECONFIG": path]), kubectlPath: "\(home.path)/no-kubectl")
  let status = await broker.check(kind: .kubernetes)
  #expect(
    status
      == .needed(
        KubernetesRemedies.remedy(
          for: .kubectlMissing(path: "\(home.path)/no-kubectl"), target: nil)))
}
