import Foundation
import Governance
import Testing

@testable import Kube

@Test("typing Ready after fixing the kubeconfig checks again and succeeds", .timeLimit(.minutes(1)))
func readyAfterFix() async throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  let server = try await StubAPIServer(status: .ok, body: StubAPIServer.versionBody)
  defer { Task { await server.stop() } }
  let path = try home.write("kubeconfig", kubeconfig(server: server.url, currentContext: nil))
  let fixed = kubeconfig(server: server.url)
  let terminal = ScriptedTerminal(answers: [.line("what?"), .line("  READY ")]) { answer in
    if answer == 2 { try? fixed.write(toFile: path, atomically: true, encoding: .utf8) }
  }
  let broker = CredentialBroker(environment: home.environment(["KUBECONFIG": path]))
  let outcome = await broker.waitUntilReady(kind: .kubernetes, terminal: terminal)
  guard case .ready(let details) = outcome else {
    Issue.record("expected ready, got \(outcome)")
    return
  }
  #expect(details.summary.contains("v1.32.4"))
  #expect(terminal.output.contains("kubectl config use-context dev"))
  #expect(terminal.output.contains("Type Ready (check again) or cancel"))
  #expect(terminal.output.contains("kubernetes credentials are ready now."))
  for secret in Planted.all { #expect(!terminal.output.contains(secret)) }
}

@Test("Ready while still broken shows the remedy again; cancel stops")
func readyThenCancel() async throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  let terminal = ScriptedTerminal(answers: [.line("ready"), .line("Cancel")])
  let outcome = await CredentialBroker(environment: home.environment())
    .waitUntilReady(kind: .kubernetes, terminal: terminal)
  guard case .cancelled(let remedy) = outcome else {
    Issue.record("expected cancelled, got \(outcome)")
    return
  }
  #expect(
    remedy.problem == .noKubeconfig(searched: ["\(home.path)/.kube/config"], fromEnvironment: false)
  )
  #expect(terminal.output.components(separatedBy: "credentials needed").count == 3)
}

@Test("end of input cancels")
func endOfInputCancels() async throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  let terminal = ScriptedTerminal(answers: [.nothing, .closed])
  let outcome = await CredentialBroker(environment: home.environment())
    .waitUntilReady(kind: .aws, terminal: terminal)
  guard case .cancelled = outcome else {
    Issue.record("expected cancelled, got \(outcome)")
    return
  }
}

@Test("without a terminal the remedy comes back at once as needed")
func notInteractive() async throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  let terminal = ScriptedTerminal(interactive: false, answers: [.line("Ready")])
  let outcome = await CredentialBroker(environment: home.environment())
    .waitUntilReady(kind: .kubernetes, terminal: terminal)
  guard case .needed = outcome else {
    Issue.record("expected needed, got \(outcome)")
    return
  }
  #expect(terminal.output.isEmpty)
}
